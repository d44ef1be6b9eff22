package io.liftoff.launch;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * How a run's script is started, as an argument list (never a shell string): {@code *.py} with
 * Python, {@code .sh} with bash, {@code .jar} and {@code .java} with this JVM (and liftoff's JAR on
 * the class path for {@code Liftoff.parseOpts}), any other executable directly. Each gets the run's
 * cfg.yaml and {@code --session-id ID}.
 */
public final class ScriptCommand {
    private final Path script;
    private final List<String> prefix;

    private ScriptCommand(Path script, List<String> prefix) {
        this.script = script;
        this.prefix = prefix;
    }

    public Path script() {
        return script;
    }

    /**
     * Checks the script (and its interpreter) before anything is created. A name without its
     * extension ({@code smart_example}) finds {@code smart_example.py}, or the one file that matches;
     * {@code subcommands} are what a mistyped word might have meant, for a hint when no file exists.
     */
    public static ScriptCommand resolve(String scriptText, String python, java.util.Collection<String> subcommands) {
        Path script = find(scriptText, subcommands).toAbsolutePath().normalize();
        String shown = Display.path(script);
        if (Files.isDirectory(script)) {
            throw LiftoffException.usage("script " + scriptText + ": is a folder, not a script");
        }
        if (!Files.isReadable(script)) {
            throw LiftoffException.usage("script " + shown + ": cannot be read (check its permissions)");
        }
        String name = script.getFileName().toString();
        String file = script.toString();
        if (name.endsWith(".py")) {
            return new ScriptCommand(script, List.of(executable(python, "--python"), "-u", file));
        }
        if (name.endsWith(".sh") && !(Files.isExecutable(script) && startsWithShebang(script))) {
            return new ScriptCommand(script, List.of(executable("bash", "bash for .sh scripts"), file));
        }
        if (name.endsWith(".jar")) {
            return new ScriptCommand(script, List.of(java(), "-cp", file + File.pathSeparator + liftoffClassPath(), mainClass(script)));
        }
        if (name.endsWith(".java")) {
            return new ScriptCommand(script, List.of(java(), "--class-path", liftoffClassPath(), file));
        }
        if (Files.isExecutable(script)) {
            return new ScriptCommand(script, List.of(file));
        }
        String extension = name.contains(".") ? "*" + name.substring(name.lastIndexOf('.')) : "extension-less";
        throw LiftoffException.usage("script " + shown + ": not executable (chmod +x it), and liftoff does not know how to run "
                + extension + " files");
    }

    /** Whether the file begins with {@code #!}: an executable script that names its own interpreter runs with it. */
    private static boolean startsWithShebang(Path script) {
        try (java.io.InputStream in = Files.newInputStream(script)) {
            return in.read() == '#' && in.read() == '!';
        } catch (IOException e) {
            return false;
        }
    }

    /** The command before a run's own arguments (its cfg.yaml and {@code --session-id ID}). */
    public List<String> command() {
        return prefix;
    }

    private static Path find(String scriptText, java.util.Collection<String> subcommands) {
        Path given = Path.of(scriptText);
        if (Files.exists(given)) {
            return given;
        }
        Path folder = given.toAbsolutePath().getParent();
        String name = given.getFileName() == null ? scriptText : given.getFileName().toString();
        if (!name.contains(".") && folder != null) {
            if (Files.isRegularFile(folder.resolve(name + ".py"))) {
                return given.resolveSibling(name + ".py");
            }
            List<String> matches = new ArrayList<>();
            String[] names = folder.toFile().list();
            for (String candidate : names == null ? new String[0] : names) {
                if (candidate.startsWith(name + ".") && Files.isRegularFile(folder.resolve(candidate))) {
                    matches.add(candidate);
                }
            }
            if (matches.size() == 1) {
                return given.resolveSibling(matches.get(0));
            }
            if (matches.size() > 1) {
                matches.sort(null);
                throw LiftoffException.usage("script " + scriptText + ": several files match (" + String.join(", ", matches)
                        + "); name one with its extension");
            }
        }
        String command = scriptText.contains("/") || scriptText.contains(".") ? null : io.liftoff.Suggest.closest(scriptText, subcommands);
        String hint = command == null ? "" : "; did you mean liftoff " + command + "?";
        if (hint.isEmpty() && folder != null) {
            String[] names = folder.toFile().list();
            hint = io.liftoff.Suggest.hint(name, names == null ? List.of() : List.of(names));
        }
        throw LiftoffException.usage("script " + scriptText + ": no such file" + hint);
    }

    /** The argument list of one run. */
    public List<String> argv(Path cfg, String sessionId) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(cfg.toString());
        argv.add("--session-id");
        argv.add(sessionId);
        return argv;
    }

    /** An interpreter given by name (searched on PATH) or by path; missing is bad input. */
    static String executable(String command, String what) {
        if (command.contains("/")) {
            Path path = Path.of(command);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return path.toAbsolutePath().toString();
            }
            throw LiftoffException.usage(what + " " + command + ": not an executable file");
        }
        Path found = onPath(command);
        if (found == null) {
            throw LiftoffException.usage(what + " " + command + ": not found on PATH");
        }
        return found.toString();
    }

    /** A command's file on PATH, or null. */
    public static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JAR liftoff runs from, or null when it runs from class folders (tests). */
    public static String liftoffJar() {
        String path = liftoffClassPath();
        return path.endsWith(".jar") && !path.contains(File.pathSeparator) ? path : null;
    }

    /** Where liftoff's own classes are: its JAR, or the test class path when run from a build. */
    static String liftoffClassPath() {
        try {
            Path location = Path.of(ScriptCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(location) ? System.getProperty("java.class.path") : location.toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }

    private static String mainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null || main.isBlank()) {
                throw LiftoffException.usage("script " + Display.path(jar) + ": the JAR's manifest names no Main-Class");
            }
            return main.strip();
        } catch (IOException e) {
            throw LiftoffException.usage("script " + Display.path(jar) + ": not a readable JAR (" + e.getMessage() + ")");
        }
    }
}
