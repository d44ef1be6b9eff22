package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** procs, status and abort find an experiment from any folder, whatever results folder it writes to. */
class DiscoveryIT {
    @TempDir
    Path dir;

    final List<Process> started = new ArrayList<>();
    Lab lab;

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
        lab.killLeftovers();
    }

    @Test
    void anExperimentStartedInOneFolderIsListedAndAbortedFromAnother() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        lab = new Lab(project);
        TestFiles.write(lab.configs.resolve("default.yaml"), "release: " + dir.resolve("never") + "\nplan: hang,hang,hang,hang\n");
        Path fixture = Files.copy(Lab.fixture("fixture.py"), project.resolve("fixture.py"));
        started.add(Bin.start(project, dir.resolve("launch.log"), "liftoff", fixture.toString(), "--runs-no", "4", "--procs-no", "2"));
        Bin.await("two runs to start", 60, () -> !lab.experiments().isEmpty()
                && lab.only().runs().stream().filter(Records::started).count() == 2);
        Experiment experiment = lab.only();

        String procs = Bin.run(elsewhere, "liftoff-procs").expect(0).out();
        assertTrue(procs.contains(experiment.folderName()) && procs.contains("0000_default/0"), procs);
        String status = Bin.run(elsewhere, "liftoff-status").expect(0).out();
        assertTrue(status.matches("(?s).*" + experiment.folderName() + "\\s+4\\s+2\\s.*"), status);
        assertFalse(Files.exists(elsewhere.resolve("results")), "looking writes nothing where the user stands");

        Bin.Result abort = Bin.run(elsewhere, "liftoff-abort", "-y", "--grace", "1").expect(0);
        assertTrue(abort.out().contains("experiment " + experiment.folderName() + " in " + experiment.dir().getParent()), abort.out());
        assertTrue(abort.out().contains("stopped 1 session and 2 runs"), abort.out());
        assertEquals(Map.of(RunState.ABORTED, 2L, RunState.PENDING, 2L), Records.states(experiment));
        assertEquals("no liftoff session or run is running on this host", Bin.run(elsewhere, "liftoff-procs").expect(0).out().strip());

        // An experiment folder deleted by hand never breaks a command: its entry is dropped.
        TestFiles.deleteTree(experiment.dir());
        Bin.run(elsewhere, "liftoff-status", "-a").expect(0);
        Bin.run(elsewhere, "liftoff-procs").expect(0);
    }
}
