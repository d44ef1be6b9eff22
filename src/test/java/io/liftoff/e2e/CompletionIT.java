package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.Lab;
import io.liftoff.Shells;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion the build wrote (target/completion/liftoff.bash) asking the real bin/liftoff for names. */
class CompletionIT {
    static final Path SCRIPT = Bin.HOME.resolve("target/completion/liftoff.bash");

    @TempDir
    Path dir;

    Lab lab;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        TestFiles.write(dir.resolve("run.sh"), "exit 0\n");
        Bin.run(dir, "liftoff", "run.sh", "--name", "test_experiment").expect(0);
        // An empty host index: only this folder's experiments can be offered.
        env = Map.of("PATH", Bin.HOME.resolve("bin") + ":" + System.getenv("PATH"),
                "LIFTOFF_STATE_DIR", dir.resolve("state").toString(), "NO_COLOR", "1");
    }

    @Test
    void experimentNamesComeFromTheResultsFolder() {
        assertEquals(List.of("test_experiment"), Shells.bash(SCRIPT, dir, env, "liftoff-status", "-e", "te"));
    }

    @Test
    void timestampsComeFromTheResultsFolderTyped() {
        Experiment experiment = lab.only();
        Path elsewhere = dir.resolve("elsewhere");
        TestFiles.write(elsewhere.resolve("configs/sweep/config.yaml"), "x: [1, 2]\n");
        assertEquals(List.of(experiment.timestamp()),
                Shells.bash(SCRIPT, elsewhere, env, "liftoff-abort", "--results-path", lab.results.toString(), "-t", ""));
        assertEquals(List.of("sweep"), Shells.bash(SCRIPT, elsewhere, env, "liftoff", "script.py", "-e", ""));
    }
}
