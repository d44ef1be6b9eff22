package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged experiment folders and failing disks: liftoff reports and carries on, or fails cleanly. */
class FaultTest {
    @TempDir
    Path dir;

    Lab lab;
    Path mount;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        lab.defaults("log: " + lab.log + "\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        lab.killLeftovers();
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    @Test
    void damagedRecordsAreReportedAndTheOtherRunsCarryOn() throws IOException {
        lab.liftoff("--runs-no", "6", "--procs-no", "3").ok();
        Experiment experiment = lab.only();
        List<Run> runs = experiment.runs();
        String record0 = TestFiles.read(runs.get(0).record());                           // the end cut short mid-line:
        TestFiles.write(runs.get(0).record(), record0.substring(0, record0.lastIndexOf("\"code\"")));   // lost
        Files.write(runs.get(1).record(), new byte[] {(byte) 0xff, 0, (byte) 0xfe});     // a garbled claim left long ago:
        Files.setLastModifiedTime(runs.get(1).record(), FileTime.fromMillis(System.currentTimeMillis() - 60_000));   // pending
        String record2 = TestFiles.read(runs.get(2).record());                           // its claim line truncated: done
        TestFiles.write(runs.get(2).record(), "{\"event\": \"claim\", \"owner\": \"sess\n" + record2.substring(record2.indexOf('\n') + 1));
        Files.delete(runs.get(3).record());                                              // pending again, but its
        Files.delete(runs.get(3).cfg());                                                 // its config became unreadable
        Files.delete(runs.get(3).folder().resolve(Layout.CFG_JSON));
        Files.createDirectory(runs.get(3).cfg());
        TestFiles.deleteTree(runs.get(4).folder());                                      // a run folder deleted: still done
        TestFiles.write(experiment.dir().resolve(Layout.EXPERIMENT), "{{{ not json");
        TestFiles.write(experiment.dir().resolve(".__session-garbage"), "\u0000 not json either");

        Experiment damaged = Experiment.open(experiment.dir());
        assertEquals(Map.of(RunState.DONE, 3L, RunState.LOST, 1L, RunState.PENDING, 2L), Records.states(damaged));
        Cli.Result status = lab.command("status", "-a", "--runs").ok();
        assertTrue(status.out().contains(damaged.folderName()), status.out());
        lab.command("status", "-a", "--json", "--runs", "--crashes").ok();
        lab.command("procs").ok();
        lab.command("clean", damaged.dir().toString()).ok();

        Cli.Result rerun = lab.liftoff(damaged.dir().toString()).expect(1);
        assertTrue(rerun.out().contains("crash 0000_default/3"), "the run whose cfg.yaml is unreadable crashes:\n" + rerun.out());
        assertEquals(Map.of(RunState.DONE, 4L, RunState.LOST, 1L, RunState.CRASHED, 1L), Records.states(damaged));
    }

    @Test
    void aReadOnlyResultsFolderIsAClearErrorAndLeavesNothing() throws Exception {
        mount = mountTmpfs("ro,size=1m");
        Cli.Result result = Cli.run("launch", Lab.fixture("fixture.py").toString(), "--configs-dir", lab.configs.toString(),
                "--results-path", mount.resolve("results").toString()).expect(3);
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().contains("Read-only file system"), result.err());
        assertEquals(List.of(""), TestFiles.tree(mount));
    }

    @Test
    void aFullDiskFailsCleanlyWithoutHalfWrittenFiles() throws Exception {
        mount = mountTmpfs("size=96k");
        Path configs = mount.resolve("configs");
        TestFiles.write(configs.resolve("big/default.yaml"), "a: 0\nb: 0\nc: 0\n");
        TestFiles.write(configs.resolve("big/config.yaml"), "a: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
                + "c: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        TestFiles.write(configs.resolve("default.yaml"), "x: 1\n");
        List<String> before = TestFiles.tree(mount);

        Cli.Result prepare = Cli.run("prepare", "--configs-dir", configs.toString(), "big").expect(3);
        assertTrue(prepare.err().contains("No space left on device"), prepare.err());
        assertEquals(before, TestFiles.tree(mount), "the variation files written before the disk filled were removed");

        // Forty variations are written before the first run starts (with the first runs' folders), more than 96k holds.
        String forty = java.util.stream.IntStream.range(0, 40).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
        Cli.Result launch = Cli.run("launch", Lab.fixture("fixture.py").toString(), "--configs-dir", configs.toString(),
                "--results-path", mount.resolve("results").toString(), "--sweep", "x=" + forty, "--runs-no", "2000").expect(3);
        assertTrue(launch.err().contains("No space left on device"), launch.err());
        assertEquals(1, launch.err().strip().lines().count(), launch.err());
        assertFalse(Files.exists(mount.resolve("results")) && TestFiles.tree(mount.resolve("results")).size() > 1,
                "no half-written experiment: " + TestFiles.tree(mount));
    }

    /** A small tmpfs of our own; only root may mount, so the test is skipped for anyone else. */
    private Path mountTmpfs(String options) throws Exception {
        Path target = Files.createDirectories(dir.resolve("mnt"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", options, "tmpfs", target.toString()) == 0,
                "mounting a tmpfs needs root (and a system that allows it); skipped");
        return target;
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
