package io.liftoff.config;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes the YAML of configs and run folders. Reading follows PyYAML's YAML 1.1 typing
 * (so a config means what it meant to the original tool) except that dates stay strings; every
 * error names the file, line and column. Input is read within {@link YamlBounds}' limits.
 */
public final class YamlFiles {
    private static final LoaderOptions LOADER_OPTIONS = loaderOptions();
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z_](?:[-A-Za-z0-9_./=; ]*[-A-Za-z0-9_./=])?");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");
    // Building a constructor or a Yaml is costly and neither is thread-safe: keep one of each per thread.
    private static final ThreadLocal<ConfigConstructor> CONSTRUCTOR =
            ThreadLocal.withInitial(() -> new ConfigConstructor(LOADER_OPTIONS, false));
    private static final ThreadLocal<ConfigConstructor> TAGGING =
            ThreadLocal.withInitial(() -> new ConfigConstructor(LOADER_OPTIONS, true));
    private static final ThreadLocal<Resolver> RESOLVER = ThreadLocal.withInitial(DatesAsStrings::new);
    private static final ThreadLocal<Yaml> INLINE = ThreadLocal.withInitial(YamlFiles::newInlineDumper);
    // Scalars repeat across thousands of variations and runs: render each once (null is a valid key).
    private static final ThreadLocal<Map<Object, String>> INLINE_CACHE = ThreadLocal.withInitial(java.util.HashMap::new);

    private YamlFiles() {
    }

    /** Loads a file whose top level must be a mapping; an empty file is an empty mapping. */
    public static Map<String, Object> loadMapping(Path file) {
        return loadMapping(file, CONSTRUCTOR.get());
    }

    /**
     * Loads a grid's config file: as {@link #loadMapping}, except that a value with a local tag
     * ({@code !loguniform [1e-5, 0.1]}) is read as a {@link Tagged} value rather than refused.
     */
    public static Map<String, Object> loadTaggedMapping(Path file) {
        return loadMapping(file, TAGGING.get());
    }

    private static Map<String, Object> loadMapping(Path file, ConfigConstructor constructor) {
        String shown = Display.path(file);
        Object document;
        try {
            document = load(read(file, shown), constructor);
        } catch (MarkedYAMLException e) {
            throw LiftoffException.usage(shown + where(e.getProblemMark()) + ": " + describe(e));
        } catch (YAMLException e) {
            throw LiftoffException.usage(shown + ": " + oneLine(e.getMessage()));
        }
        if (document == null) {
            return new LinkedHashMap<>();
        }
        if (!(document instanceof Map)) {
            throw LiftoffException.usage(shown + ": the top level must be a mapping of keys to values, not "
                    + describeType(document));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> mapping = (Map<String, Object>) document;
        return mapping;
    }

    /** The text of a file, read no further than the size limit (a FIFO or a device may never end). */
    private static String read(Path file, String shown) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(YamlBounds.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw LiftoffException.usage(shown + ": no such file");
        } catch (IOException e) {
            throw LiftoffException.usage(shown + ": cannot read (" + e.getMessage() + ")");
        }
        if (bytes.length > YamlBounds.MAX_BYTES) {
            throw LiftoffException.usage(shown + ": larger than " + (YamlBounds.MAX_BYTES >> 20)
                    + " MiB, liftoff's limit for a YAML file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LiftoffException.usage(shown + ": not UTF-8 text");
        }
    }

    /**
     * Reads a text as YAML (for {@code --args} values and filters): {@code 3} is an int, {@code true} a
     * boolean. The same limits hold as for files.
     */
    public static Object parseValue(String text, String what) {
        if (text.length() > YamlBounds.MAX_BYTES) {
            throw LiftoffException.usage(what + ": a value of " + text.length() + " characters is longer than liftoff reads");
        }
        try {
            return load(text, CONSTRUCTOR.get());
        } catch (YAMLException e) {
            throw LiftoffException.usage(what + ": '" + printable(shorten(text)) + "' is not a YAML value ("
                    + oneLine(e instanceof MarkedYAMLException ? describe((MarkedYAMLException) e) : e.getMessage()) + ")");
        }
    }

    /**
     * SnakeYAML's {@code Yaml.load}, with a reader that looks ahead in linear time and a parser that
     * counts nodes and depth as they come.
     */
    private static Object load(String text, ConfigConstructor constructor) {
        constructor.setComposer(new Composer(new YamlBounds(new ParserImpl(new TextReader(text), LOADER_OPTIONS)),
                RESOLVER.get(), LOADER_OPTIONS));
        return constructor.getSingleData(Object.class);
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A text for an error line: as it is, or in double quotes with escapes when it holds a line break or control character. */
    public static String printable(String text) {
        return OneLineRepresenter.needsEscapes(text) ? inline(text) : text;
    }

    /**
     * Block-style YAML for files people read (cfg.yaml, generated variation files): nested mappings
     * as blocks, lists and scalars inline ({@code layers: [64, 64]}), each rendered by SnakeYAML
     * once per distinct value, which keeps writing a hundred thousand small files quick.
     */
    public static String dump(Map<String, Object> mapping) {
        StringBuilder out = new StringBuilder();
        writeBlock(mapping, "", out);
        return out.toString();
    }

    public static void dump(Map<String, Object> mapping, Writer writer) {
        try {
            writer.write(dump(mapping));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeBlock(Map<String, Object> mapping, String indent, StringBuilder out) {
        for (Map.Entry<String, Object> entry : mapping.entrySet()) {
            out.append(indent).append(inline(entry.getKey())).append(':');
            Object value = entry.getValue();
            if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
                out.append('\n');
                writeBlock((Map<String, Object>) value, indent + "  ", out);
            } else {
                out.append(' ').append(inline(value)).append('\n');
            }
        }
    }

    /** A value as it would appear inline in YAML, for titles: {@code 0.1}, {@code [64, 64]}, {@code {a: 1}}. */
    public static String inline(Object value) {
        // Integers and plain words, most of what configs and titles hold, are written as they are:
        // SnakeYAML's emitter costs tens of microseconds a value, which adds up over a million files.
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Double) {
            // Floats are mostly distinct (a config of 300,000 measured values): written as SnakeYAML writes them, uncached.
            return floatText((Double) value);
        }
        boolean scalar = !(value instanceof Map) && !(value instanceof java.util.List);
        if (scalar) {
            String cached = INLINE_CACHE.get().get(value);
            if (cached != null) {
                return cached;
            }
        }
        String text;
        if (value instanceof String && isPlainWord((String) value)) {
            text = (String) value;
        } else {
            text = emitted(value);
        }
        if (scalar && INLINE_CACHE.get().size() < 100_000) {
            INLINE_CACHE.get().put(value, text);
        }
        return text;
    }

    /** A value as SnakeYAML's emitter writes it on one line (tens of microseconds a value). */
    static String emitted(Object value) {
        String text = INLINE.get().dump(value).strip();
        return text.endsWith("...") ? text.substring(0, text.length() - 3).strip() : text;
    }

    /**
     * A float as YAML 1.1 readers take it: {@code .NaN}, {@code .inf}, {@code -.inf}, or Java's own text
     * ({@code 0.001}, {@code 1.0E-5}) with the exponent's sign always written ({@code 1.0E+10}): PyYAML
     * reads {@code 1.0E10} as a string.
     */
    static String floatText(double value) {
        if (Double.isNaN(value)) {
            return ".NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? ".inf" : "-.inf";
        }
        String text = Double.toString(value);
        int exponent = text.indexOf('E');
        return exponent > 0 && text.charAt(exponent + 1) != '-' ? text.substring(0, exponent + 1) + "+" + text.substring(exponent + 1)
                : text;
    }

    /** A text SnakeYAML writes unquoted: letters, digits and {@code -_./=;} and inner spaces, and YAML reads as text. */
    static boolean isPlainWord(String text) {
        return PLAIN_WORD.matcher(text).matches() && Tag.STR.equals(RESOLVER.get().resolve(NodeId.scalar, text, true));
    }

    private static Yaml newInlineDumper() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        options.setWidth(Integer.MAX_VALUE);
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        options.setDereferenceAliases(true);
        return new Yaml(new OneLineRepresenter(options), options);
    }

    /**
     * Everything on one line: SnakeYAML writes a multi-line string as a literal block ({@code |-}),
     * which cannot follow a key inline, and a string with a control character as {@code !!binary}
     * bytes, which Python reads as {@code bytes}. Double quotes with escapes ({@code \n}, {@code \0})
     * keep both on one line and text in every reader.
     */
    private static final class OneLineRepresenter extends Representer {
        OneLineRepresenter(DumperOptions options) {
            super(options);
            Represent plain = representers.get(String.class);
            representers.put(String.class, data -> {
                String text = data.toString();
                return needsEscapes(text)
                        ? representScalar(Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
                        : plain.representData(data);
            });
            // Inside lists and mappings too, floats as floatText writes them: a form PyYAML reads as a float.
            representers.put(Double.class, data -> representScalar(Tag.FLOAT, floatText((Double) data)));
        }

        static boolean needsEscapes(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                    return true;
                }
            }
            return !StreamReader.isPrintable(text);
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        // YamlBounds decides on depth and size, with a message that names liftoff's limits; these stay as a backstop.
        options.setNestingDepthLimit(YamlBounds.MAX_DEPTH + 1);
        options.setCodePointLimit(YamlBounds.MAX_BYTES + 1);
        return options;
    }

    private static String where(Mark mark) {
        return mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        Mark mark = e.getProblemMark();
        // YAML reads a plain key only up to 1024 characters; SnakeYAML then says only that a ':' is misplaced.
        if ("mapping values are not allowed here".equals(problem) && mark != null && mark.getColumn() > 1024) {
            return "a key longer than 1024 characters (YAML's limit for a plain key; write it as an explicit key: ? key)";
        }
        return oneLine(problem == null ? "malformed YAML" : problem);
    }

    /** SnakeYAML's message on one line of bounded length (it may quote a whole scalar of the input). */
    private static String oneLine(String text) {
        if (text == null) {
            return "malformed YAML";
        }
        String line = CONTROL.matcher(text.strip().replaceAll("\\s*\n\\s*", " "))
                .replaceAll(c -> String.format("\\\\u%04X", (int) c.group().charAt(0)));
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    static String describeType(Object value) {
        if (value instanceof java.util.List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        return "the value " + value;
    }

    /** PyYAML's implicit types minus timestamps: a date in a config stays the text the user wrote. */
    private static final class DatesAsStrings extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
