package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Results;
import io.liftoff.store.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile names and values, a strict umask, and nothing written outside the folders the user named. */
class SecurityIT {
    private static final List<String> NASTY = List.of("a'; touch pwned1; '", "$(touch pwned2)", "`touch pwned3`",
            "two\nlines; touch pwned4", "ünïcødé ✓ 日本", "x\" && touch pwned5 && \"");

    @TempDir
    Path dir;

    Path results;

    @AfterEach
    void tearDown() {
        Lab.killRunsUnder(results);
    }

    @Test
    void quotesDollarsBackticksNewlinesAndUnicodeAreNeverInterpreted() throws Exception {
        Path home = Files.createDirectories(dir.resolve("we'ird \"dir\" $(touch pwned0) ü"));
        Path fixture = Files.copy(Lab.fixture("fixture.py"), home.resolve("my script's $(x).py"));
        StringBuilder values = new StringBuilder("value:\n");
        for (String value : NASTY) {
            values.append("  - \"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"\n");
        }
        TestFiles.write(home.resolve("configs/nasty/default.yaml"), "value: none\n");
        TestFiles.write(home.resolve("configs/nasty/config.yaml"), values.toString());
        Bin.run(home, "liftoff-prepare", "nasty").expect(0);
        Bin.Result launch = Bin.run(home, "liftoff", fixture.toString(), "-e", "nasty", "--procs-no", "3",
                "--name", "n'; touch pwned6; '", "--comment", "$(touch pwned7) `x`").expect(0);
        results = home.resolve("results");
        Experiment experiment = new Results(results).experiments().get(0);
        assertTrue(experiment.folderName().matches("[-_.()A-Za-z0-9]+"), experiment.folderName());
        Set<Object> seen = new HashSet<>();
        for (Run run : experiment.runs()) {
            assertTrue(run.variation().matches("[-_.()A-Za-z0-9]+"), run.variation());
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) Lab.seen(run).get("config");
            seen.add(config.get("value"));
            assertEquals("$(touch pwned7) `x`", config.get("comment"));
        }
        assertEquals(new HashSet<>(NASTY), seen, launch.out());
        try (Stream<Path> walk = Files.walk(dir)) {
            List<String> pwned = walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("pwned")).toList();
            assertEquals(List.of(), pwned, "files a shell would have created");
        }
        assertTrue(Bin.run(home, "liftoff-status", "-a").expect(0).out().contains("$(touch pwned7) `x`"));
    }

    @Test
    void filesFollowTheUmaskAndNothingIsWrittenOutsideResultsAndConfigs() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path fixture = Files.copy(Lab.fixture("fixture.py"), work.resolve("fixture.py"));
        TestFiles.write(work.resolve("configs/default.yaml"), "x: 1\n");
        TestFiles.write(work.resolve("configs/grid/default.yaml"), "x: 1\n");
        TestFiles.write(work.resolve("configs/grid/config.yaml"), "x: [1, 2]\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Set<String> before = Set.copyOf(TestFiles.tree(work));
        String quoted = "'" + Bin.HOME.resolve("bin") + "'";
        for (String command : List.of("liftoff-prepare grid", "liftoff " + fixture + " --runs-no 2", "liftoff " + fixture + " -e grid",
                "liftoff-status -a", "liftoff-procs", "liftoff-abort -y")) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "umask 077 && PATH=" + quoted + ":$PATH && " + command)
                    .directory(work.toFile()).redirectErrorStream(true);
            builder.environment().put("HOME", home.toString());
            builder.environment().remove("LIFTOFF_STATE_DIR");
            builder.environment().remove("XDG_STATE_HOME");
            builder.environment().put("NO_COLOR", "1");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), command + ":\n" + output);
        }
        results = work.resolve("results");
        Set<String> created = TestFiles.tree(work).stream().filter(p -> !before.contains(p)).collect(Collectors.toSet());
        for (String path : created) {
            assertTrue(path.startsWith("results") || path.startsWith("configs/grid/"), "written outside results and configs: " + path);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(work.resolve(path));
            assertTrue(permissions.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")),
                    path + " ignores the umask: " + permissions);
        }
        for (String path : TestFiles.tree(home)) {
            assertTrue(List.of("", ".local", ".local/state", ".local/state/liftoff").contains(path)
                    || path.startsWith(".local/state/liftoff/"), "in the user's home, only liftoff's host-wide index: " + path);
        }
        assertTrue(TestFiles.tree(home).stream().anyMatch(p -> p.endsWith("/experiments")), "the index notes the experiments");
    }

    @Test
    void theWrappersInBinPassEveryWordOnUntouched() throws Exception {
        String word = "--x $(touch pwned8) `touch pwned9` \"q\" 'a b' *";
        try (Stream<Path> wrappers = Files.list(Bin.HOME.resolve("bin"))) {
            for (Path wrapper : wrappers.sorted().toList()) {
                Bin.Result result = Bin.run(dir, wrapper.getFileName().toString(), "name", word).expect(2);
                // "Unknown option: '...'", or for a command without parameters "Unmatched arguments ...: 'name', '...'".
                assertTrue(result.err().contains("'" + word + "'"), wrapper + ": " + result.err());
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().startsWith("pwned")).toList());
        }
    }
}
