package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full and read-only file systems (DESIGN §11: a launcher never says "done" for a run whose end it could
 * not record, and never exits 0 when it could not start runs: it names what it skipped). Small tmpfs
 * mounts and read-only bind mounts need root; anyone else sees these tests skipped.
 */
@Timeout(120)
class DiskAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;
    Path disk;

    /** Fills the disk its argument is on: big files, then small ones, until nothing more fits. */
    private static final String FILL = String.join("\n",
            "fill() { local i=0; for size in 65536 4096 1; do",
            "  while head -c $size /dev/zero > \"$1/fill-$size-$i\" 2>/dev/null; do i=$((i+1)); done; done; }",
            "spend_inodes() { local i=0; while touch \"$1/inode-$i\" 2>/dev/null; do i=$((i+1)); done; }",
            "");

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
        disk = dir.resolve("disk");
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private void mount(String options) {
        assumeTrue(lab.mountTmpfs(disk, options), "mounting a tmpfs needs root; skipped");
    }

    private Path pendingExperiment(Path script, int runs, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--runs-no", Integer.toString(runs), "--start-by", "0.001"));
        args.addAll(List.of(more));
        AttackLab.Result created = lab.liftoff(script, args.toArray(String[]::new)).expect(0);
        String line = created.out().lines().filter(l -> l.contains("experiment ")).findFirst().orElseThrow();
        String shown = line.substring(line.indexOf("experiment ") + 11, line.indexOf(": "));
        return dir.resolve(shown).normalize();
    }

    @Test
    void aDiskTooSmallForTheExperimentIsOneLineAndExitThree() throws Exception {
        mount("size=64k");
        Path script = lab.script("quick.sh", "note start\n");
        AttackLab.Result result = lab.liftoff(script, "--runs-no", "200", "--results-path", disk.resolve("results").toString()).expect(3);
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().contains("No space left on device"), result.err());
        assertTrue(lab.starts().isEmpty());
        try (var left = Files.walk(disk)) {
            assertTrue(left.allMatch(p -> p.equals(disk) || p.equals(disk.resolve("results"))), "nothing half-written");
        }
    }

    @Test
    void aDiskThatFillsUpWhileRunsWaitNamesEachSkippedRunOnceAndTheyRunLater() {
        mount("size=1m");
        Path script = lab.script("filler.sh", FILL + "note start\n[ \"$run\" = 0 ] && fill \"$out_dir/..\"\nexit 0\n");
        Path experiment = pendingExperiment(script, 4, "--results-path", disk.resolve("results").toString());
        AttackLab.Result result = lab.liftoff(script, experiment.toString(), "--procs-no", "1");
        result.expect(3);
        for (String run : List.of("0000_default/1", "0000_default/2", "0000_default/3")) {
            assertTrue(result.out().contains(run), run + " is named:\n" + result.out());
        }
        assertTrue(result.out().contains("could not start 3 runs"), result.out());
        assertEquals(Map.of("0", "done", "1", "pending", "2", "pending", "3", "pending"), lab.states(experiment));

        AttackLab.system("bash", "-c", "rm -f " + AttackLab.variation(experiment) + "/fill-*");
        lab.liftoff(script, experiment.toString(), "--procs-no", "2").expect(0);
        assertEquals(Map.of("0", "done", "1", "done", "2", "done", "3", "done"), lab.states(experiment));
        assertEquals(Map.of("0", 1L, "1", 1L, "2", 1L, "3", 1L), lab.starts());
    }

    @Test
    void exhaustedInodesSkipRunsAndNeverCallThemCrashed() {
        mount("size=8m,nr_inodes=400");
        // Run 0 leaves a single inode: enough for one more file, not for a run's record, out and err.
        Path script = lab.script("spender.sh", FILL + "note start\n[ \"$run\" = 0 ] && { spend_inodes \"$out_dir/..\"; "
                + "rm \"$out_dir/../inode-0\"; }\nexit 0\n");
        Path experiment = pendingExperiment(script, 3, "--results-path", disk.resolve("results").toString());
        AttackLab.Result result = lab.liftoff(script, experiment.toString(), "--procs-no", "1").expect(3);
        assertTrue(result.out().contains("could not start 2 runs"), result.out());
        Map<String, Object> status = lab.status(experiment);
        assertEquals(0L, AttackLab.count(status, "crashed"), "a run that never started did not crash: " + status);
        assertEquals(2L, AttackLab.count(status, "pending"));
        assertEquals(Map.of("0", 1L), lab.starts());
    }

    @Test
    void manyRunsSkippedForWantOfInodesMakeAShortSummary() {
        mount("size=8m,nr_inodes=600");
        Path script = lab.script("spender.sh", FILL + "note start\n[ \"$run\" = 0 ] && spend_inodes \"$out_dir/..\"\nexit 0\n");
        Path experiment = pendingExperiment(script, 40, "--results-path", disk.resolve("results").toString());
        AttackLab.Result result = lab.liftoff(script, experiment.toString(), "--procs-no", "1").expect(3);
        String summary = result.out().lines().filter(l -> l.startsWith("could not start")).findFirst().orElseThrow();
        assertTrue(summary.startsWith("could not start 39 runs: 0000_default/1 ("), summary);
        assertTrue(summary.contains(" and 36 more (each named above, \"skipped\"); they stay pending: liftoff-status --runs "), summary);
        assertTrue(summary.length() < 600, "one short line: " + summary);
        assertEquals(39L, result.out().lines().filter(l -> l.contains("skipped 0000_default/")).count(), result.out());
        assertEquals(39L, AttackLab.count(lab.status(experiment), "pending"));
    }

    @Test
    void aReadOnlyRunFolderIsSkippedAndNamedAndTheOthersRun() {
        Path script = lab.script("quick.sh", "note start\n");
        Path experiment = pendingExperiment(script, 3);
        Path readOnly = AttackLab.runDir(experiment, 1);
        assumeTrue(lab.readOnly(readOnly), "a read-only bind mount needs root; skipped");
        AttackLab.Result result = lab.liftoff(script, experiment.toString(), "--procs-no", "3").expect(3);
        assertTrue(result.out().contains("0000_default/1") && result.out().contains("Read-only file system"), result.out());
        assertEquals(Map.of("0", "done", "1", "pending", "2", "done"), lab.states(experiment));
        lab.unmount(readOnly);
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L, "2", 1L), lab.starts());
    }

    @Test
    void anEndThatCannotBeRecordedIsNeverCalledDone() {
        Path script = lab.script("hold.sh", "note start\nhold\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        AttackLab.await("both runs", 30, () -> AttackLab.started(experiment, 0) && AttackLab.started(experiment, 1)
                && AttackLab.record(experiment, 1).script() != null && AttackLab.record(experiment, 0).script() != null);
        Path records = AttackLab.variation(experiment).resolve(".__runs");
        assumeTrue(lab.readOnly(records), "a read-only bind mount needs root; skipped");
        lab.release();
        int code = AttackLab.waitFor(launcher, 30);
        String said = lab.read("launcher.log");
        assertEquals(3, code, said);
        assertFalse(said.contains("2 done"), said);
        assertTrue(said.contains("0000_default/0") && said.contains("could not record"), said);
        assertTrue(said.contains(": Read-only file system)"), "it says why it could not record the end:\n" + said);
        Map<String, Object> status = lab.status(experiment);
        assertEquals(0L, AttackLab.count(status, "done"), "status agrees with the launcher: " + status);
        assertEquals(2L, AttackLab.count(status, "lost"));
    }

    @Test
    void aReadOnlyExperimentCannotBeResumedButCanBeLookedAt() {
        Path script = lab.script("quick.sh", "note start\nexit $run\n");
        lab.liftoff(script, "--runs-no", "2", "--procs-no", "2").expect(1);
        Path experiment = lab.experiment();
        lab.liftoff(script, experiment.toString(), "--runs-no", "3", "--start-by", "0.001").expect(0);
        assumeTrue(lab.readOnly(lab.results), "a read-only bind mount needs root; skipped");
        AttackLab.Result resume = lab.liftoff(script, experiment.toString()).expect(3);
        assertEquals(1, resume.err().strip().lines().count(), resume.err());
        assertTrue(resume.err().contains("Read-only file system"), resume.err());
        Map<String, Object> status = lab.status(experiment);
        assertEquals(List.of(1L, 1L, 1L), List.of(AttackLab.count(status, "done"), AttackLab.count(status, "crashed"),
                AttackLab.count(status, "pending")));
        lab.run("liftoff-procs", experiment.toString()).expect(0);
        AttackLab.Result clean = lab.run("liftoff-clean", experiment.toString(), "--do").expect(3);
        assertEquals(1, clean.err().strip().lines().count(), clean.err());
        assertTrue(lab.starts().size() == 2);
    }

    @Test
    void abortOnAReadOnlyExperimentStillStopsItsRuns() {
        Path script = lab.script("hold.sh", "note start\nhold\n");
        lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        AttackLab.await("both runs", 30, () -> lab.starts().size() == 2);
        assumeTrue(lab.readOnly(experiment), "a read-only bind mount needs root; skipped");
        AttackLab.Result abort = lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1");
        AttackLab.await("the runs to be stopped", 10, () -> lab.alive().isEmpty());
        assertTrue(abort.all().contains("Read-only file system"), "it says what it could not record:\n" + abort.all());
        assertFalse(lab.states(experiment).containsValue("running"));
    }
}
