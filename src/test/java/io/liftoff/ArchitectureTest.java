package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md ("Layers"), read from the sources: a package names (imports, or
 * writes in full) only packages of lower layers, and a backend's package is named only by the backend
 * chooser and its own commands and options in {@code cli}.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern NAMED = Pattern.compile("\\bio\\.liftoff\\.((?:[a-z]\\w*\\.)*)[A-Z]");

    /** Lowest first; packages of one layer do not name each other. {@code Main}, the entry point, stands above them all. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of(""),
            Set.of("config", "process"),
            Set.of("store"),
            Set.of("grid"),
            Set.of("launch"),
            Set.of("launch.local", "slurm"),
            Set.of("inspect"),
            Set.of("collect", "control", "report"),
            Set.of("api", "cli"));

    /** Each backend's package, and the only files outside it that may name it. */
    static final Map<String, Set<String>> BACKENDS = Map.of(
            "launch.local", Set.of("cli/Backends.java", "cli/LaunchOptions.java"),
            "slurm", Set.of("cli/Backends.java", "cli/SlurmMixin.java", "cli/SlurmTaskCommand.java"));

    @Test
    void noPackageNamesOneOfAHigherOrTheSameLayer() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Path, String> file : sources().entrySet()) {
            String own = packageOf(file.getKey());
            if (own.equals("") && file.getKey().getFileName().toString().equals("Main.java")) {
                continue;
            }
            for (String named : named(file.getValue())) {
                if (!named.equals(own) && layer(named) >= layer(own)) {
                    wrong.add(relative(file.getKey()) + " names io.liftoff." + named);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void onlyTheChooserAndTheBackendsOwnCommandsNameABackend() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Path, String> file : sources().entrySet()) {
            String path = relative(file.getKey());
            for (Map.Entry<String, Set<String>> backend : BACKENDS.entrySet()) {
                if (!packageOf(file.getKey()).equals(backend.getKey()) && !backend.getValue().contains(path)
                        && named(file.getValue()).contains(backend.getKey())) {
                    wrong.add(path + " names io.liftoff." + backend.getKey());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        sources().keySet().forEach(file -> packages.add(packageOf(file)));
        for (String pkg : packages) {
            assertTrue(layer(pkg) >= 0, "package " + pkg + " is in no layer of ArchitectureTest.LAYERS and docs/ARCHITECTURE.md");
        }
    }

    @Test
    void theCheckSeesANameWrittenInFull() {
        assertEquals(Set.of("slurm", "store"), named("import io.liftoff.store.Run;\n x = new io.liftoff.slurm.SlurmQueue(); // io.liftoff.slurm here"));
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** The packages a source names, comments included (a name in a comment is still a dependency a reader follows). */
    static Set<String> named(String source) {
        Set<String> packages = new TreeSet<>();
        Matcher matcher = NAMED.matcher(source);
        while (matcher.find()) {
            String pkg = matcher.group(1);
            packages.add(pkg.isEmpty() ? "" : pkg.substring(0, pkg.length() - 1));
        }
        return packages;
    }

    private static String packageOf(Path file) {
        Path folder = SOURCES.resolve("io/liftoff").relativize(file).getParent();
        return folder == null ? "" : folder.toString().replace('/', '.');
    }

    private static String relative(Path file) {
        return SOURCES.resolve("io/liftoff").relativize(file).toString();
    }

    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> sources = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("io/liftoff"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return sources;
    }
}
