package io.liftoff.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bash program kept as a resource ({@code *.bash}, which shellcheck reads) and made whole when
 * loaded: each {@code source <file>.bash} line (beside its resource) is replaced by that file, and
 * each {@code @NAME@} by the value Java gives it, so the names the program shares with Java (files,
 * record events, protocol words) are written once, in Java. A placeholder without a value, or a
 * value that is not a plain word, is a bug and fails the load.
 */
public final class BashProgram {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^source (\\S+\\.bash)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z][A-Z_]*)@");
    // Values land in shell code, some unquoted: only words that mean nothing to the shell.
    private static final Pattern PLAIN = Pattern.compile("[-_.A-Za-z0-9]+");

    private BashProgram() {
    }

    /** The program in resource {@code resource} (an absolute resource path), its placeholders replaced from {@code names}. */
    public static String load(String resource, Map<String, String> names) {
        String text = inline(resource);
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder program = new StringBuilder();
        while (matcher.find()) {
            String value = names.get(matcher.group(1));
            if (value == null || !PLAIN.matcher(value).matches()) {
                throw new IllegalStateException(resource + ": no plain value for the placeholder " + matcher.group());
            }
            matcher.appendReplacement(program, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(program);
        return program.toString();
    }

    private static String inline(String resource) {
        String text = read(resource);
        Matcher matcher = INCLUDE.matcher(text);
        StringBuilder program = new StringBuilder();
        while (matcher.find()) {
            String included = Path.of(resource).resolveSibling(matcher.group(1)).normalize().toString();
            matcher.appendReplacement(program, Matcher.quoteReplacement(inline(included)));
        }
        matcher.appendTail(program);
        return program.toString();
    }

    private static String read(String resource) {
        try (InputStream in = BashProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + resource + " is missing from liftoff's JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the resource " + resource + ": " + e.getMessage(), e);
        }
    }
}
