package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.RunFolders;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large new experiment gets most of its run folders while its runs go: a launcher killed with -9
 * while it makes them leaves an experiment that the next launch completes, each run once.
 */
class RunFoldersIT {
    private static final int RUNS = 1500;

    @TempDir
    Path dir;

    Process launcher;

    @AfterEach
    void tearDown() {
        if (launcher != null) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static long runFolders(Path variation) {
        String[] names = variation.toFile().list();
        return names == null ? 0 : Stream.of(names).filter(Layout::isRunId).count();
    }

    @Test
    void aLauncherKilledWhileMakingRunFoldersLeavesAnExperimentThatARelaunchCompletesEachRunOnce() throws Exception {
        TestFiles.write(dir.resolve("configs/default.yaml"), "x: 1\n");
        Path log = dir.resolve("executions");
        // Each execution writes a line: the run's config, which names its folder.
        Path script = TestFiles.write(dir.resolve("record.sh"), "#!/bin/sh\necho \"$1\" >> " + log + "\n");
        script.toFile().setExecutable(true);
        launcher = Bin.start(dir, dir.resolve("launcher.log"), "liftoff", "./record.sh", "--runs-no", Integer.toString(RUNS),
                "--procs-no", "2", "--results-path", "results");
        Path results = dir.resolve("results");
        Path[] variation = new Path[1];
        long deadline = System.currentTimeMillis() + 60_000;
        long seen = 0;
        // Killed once the first run started and while the run folders beyond the first ones are being made.
        while (System.currentTimeMillis() < deadline) {
            if (variation[0] == null && Files.isDirectory(results)) {
                try (Stream<Path> found = Files.list(results)) {
                    // Not the staging folder the experiment is built in (it has an .__experiment too) before it moves into place.
                    found.filter(e -> !e.getFileName().toString().startsWith(".") && Experiment.isExperiment(e)).findFirst().ifPresent(e -> variation[0] = e.resolve("0000_default"));
                }
            }
            seen = variation[0] == null ? 0 : runFolders(variation[0]);
            if (seen > RunFolders.EAGER && Files.exists(log)) {
                break;
            }
            Thread.sleep(2);
        }
        launcher.destroyForcibly().waitFor();
        assertTrue(seen > RunFolders.EAGER && seen < RUNS, "killed while making run folders: " + seen + " of " + RUNS);
        Experiment experiment = Experiment.open(variation[0].getParent());
        assertEquals(RUNS, experiment.variations().get(0).runsNo(), "every run is in the experiment before the first starts");
        Bin.await("the runs it started to end", 60, () -> experiment.runs().stream()
                .allMatch(r -> !io.liftoff.Records.started(r) || io.liftoff.Records.done(r)));

        // A status look killed while writing a summary leaves its temporary file; a live writer's is its own.
        Path deadWriters = variation[0].resolve(Layout.SUMMARY + ".tmp-" + launcher.pid() + "-1");
        Path liveWriters = variation[0].resolve(Layout.SUMMARY + ".tmp-" + ProcessHandle.current().pid() + "-1");
        Files.writeString(deadWriters, "#cut sho");
        Files.writeString(liveWriters, "#cut sho");
        Bin.run(dir, "liftoff", "./record.sh", experiment.dir().toString(), "--procs-no", "4").expect(0);
        assertFalse(Files.exists(deadWriters), "a killed writer's temporary summary is removed by the next launch");
        assertTrue(Files.exists(liveWriters), "a live writer's temporary summary is left to it");

        List<String> executions = Files.readAllLines(log);
        assertEquals(RUNS, executions.size(), "executions");
        assertEquals(RUNS, executions.stream().distinct().count(), "no run executed twice");
        assertEquals(Map.of(RunState.DONE, (long) RUNS), io.liftoff.Records.states(experiment));
        assertEquals(RUNS, runFolders(variation[0]));
        try (Stream<Path> runs = Files.list(variation[0])) {
            List<String> incomplete = runs.filter(f -> Layout.isRunId(f.getFileName().toString()))
                    .filter(f -> !Files.isRegularFile(f.resolve(Layout.CFG)) || !Files.isRegularFile(f.resolve(Layout.CFG_JSON)))
                    .map(f -> f.getFileName().toString()).collect(Collectors.toList());
            assertEquals(List.of(), incomplete, "run folders without their configs");
        }
        try (Stream<Path> left = Files.list(variation[0])) {
            assertEquals(List.of(), left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(Layout.STAGING_PREFIX)).toList(),
                    "a killed launcher's staging folders are removed by the next");
        }
    }
}
