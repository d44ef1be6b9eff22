package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small {@code liftoff} Python package ({@code from liftoff import parse_opts}) that scripts import
 * with nothing installed: copied from the JAR into a folder for PYTHONPATH, the experiment's for its
 * runs or the user's ({@code liftoff pythonpath}) for scripts started by hand. Beside it goes
 * {@value #COMMAND_FILE}: how to run this liftoff (the java binary and the class path), which the
 * helper uses to ask for merged configs and collected results.
 */
public final class PythonLib {
    public static final String PACKAGE = "liftoff";
    /** Written beside the package's modules: {@code {"java": ..., "classpath": [...], "main": ...}}. */
    public static final String COMMAND_FILE = "command.json";
    private static final List<String> FILES = List.of("__init__.py", "config.py");
    private static final String RESOURCE = "/io/liftoff/python/liftoff/";
    /** Short-lived commands start faster this way (as bin/liftoff starts them). */
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    private PythonLib() {
    }

    /** Copies the package into the experiment (again when this liftoff's copy differs); returns the folder for PYTHONPATH. */
    public static Path install(Experiment experiment) {
        try {
            return install(experiment.dir().resolve(Layout.PYTHON_LIB));
        } catch (IOException e) {
            throw LiftoffException.environment("cannot install the Python helper in " + experiment + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the package into {@code root}/liftoff with the command file; files already there with the
     * same content are left alone, others are replaced in one step each (a script importing the package
     * meanwhile sees the old file or the new one). Returns {@code root}, the folder for PYTHONPATH.
     */
    public static Path install(Path root) throws IOException {
        Path pkg = root.resolve(PACKAGE);
        Files.createDirectories(pkg);
        for (String name : FILES) {
            byte[] content;
            try (InputStream in = PythonLib.class.getResourceAsStream(RESOURCE + name)) {
                if (in == null) {
                    throw LiftoffException.environment("this liftoff build lacks its Python helper " + RESOURCE + name);
                }
                content = in.readAllBytes();
            }
            replace(pkg.resolve(name), content);
        }
        java.io.StringWriter text = new java.io.StringWriter();
        Json.write(command(), text, true);
        replace(pkg.resolve(COMMAND_FILE), (text + "\n").getBytes(StandardCharsets.UTF_8));
        return root;
    }

    /**
     * The per-user folder of {@code liftoff pythonpath}: {@code $XDG_DATA_HOME/liftoff/python/<version>}
     * (by default {@code ~/.local/share/...}), one folder per version so that upgrading liftoff never
     * changes the helper under a script that runs.
     */
    public static Path userFolder(String version) {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            data = Path.of(xdg);
        } else {
            String home = System.getenv("HOME");
            data = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".local", "share");
        }
        return data.resolve("liftoff").resolve("python").resolve(Layout.sanitize(version));
    }

    /** How the helper starts this liftoff: {@code java [options] -cp CLASSPATH io.liftoff.Main ARGS...}. */
    static Map<String, Object> command() {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.put("options", JVM_OPTIONS);
        command.put("classpath", classPath());
        command.put("main", "io.liftoff.Main");
        return command;
    }

    /** The JAR liftoff runs from; when it runs from classes (tests, an IDE), the JVM's whole class path. */
    private static List<String> classPath() {
        CodeSource source = PythonLib.class.getProtectionDomain().getCodeSource();
        try {
            if (source != null && Files.isRegularFile(Path.of(source.getLocation().toURI()))) {
                return List.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize().toString());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file URL: fall back to the class path
        }
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return entries;
    }

    private static void replace(Path target, byte[] content) throws IOException {
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
