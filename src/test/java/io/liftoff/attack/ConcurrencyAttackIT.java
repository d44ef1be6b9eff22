package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.store.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands racing each other (DESIGN §6 and §11): launchers on one experiment, launchers killed midway,
 * an abort racing a launcher that is still starting, cleans and aborts at once, experiments created
 * and extended at once, status and procs while all that happens.
 */
@Timeout(180)
class ConcurrencyAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    /** A new experiment of {@code runs} runs, none started. */
    private Path pendingExperiment(Path script, int runs) {
        lab.liftoff(script, "--runs-no", Integer.toString(runs), "--start-by", "0.001").expect(0);
        Path experiment = lab.experiment();
        assertEquals(runs, AttackLab.count(lab.status(experiment), "pending"));
        return experiment;
    }

    private static String timestamp(Path experiment) {
        String name = experiment.getFileName().toString();
        return name.substring(0, name.indexOf('_'));
    }

    private void assertEachOnce(int runs) {
        Map<String, Long> starts = lab.starts();
        assertEquals(runs, starts.size(), starts.toString());
        assertTrue(starts.values().stream().allMatch(n -> n == 1), "no run started twice: " + starts);
    }

    @Test
    void twoLaunchersStartedTogetherRunEachRunOnce() {
        Path script = lab.script("quick.sh", "note start\nsleep 0.1\n");
        Path experiment = pendingExperiment(script, 24);
        Process a = lab.launch("a.log", script, experiment.toString(), "--procs-no", "3");
        Process b = lab.launch("b.log", script, experiment.toString(), "--procs-no", "3");
        assertEquals(0, AttackLab.waitFor(a, 90), lab.read("a.log"));
        assertEquals(0, AttackLab.waitFor(b, 90), lab.read("b.log"));
        assertEachOnce(24);
        assertEquals(24L, AttackLab.count(lab.status(experiment), "done"));
    }

    @Test
    void fourLaunchersOneKilledMidwayStillRunEachRunOnce() {
        Path script = lab.script("quick.sh", "note start\nsleep 0.2\n");
        Path experiment = pendingExperiment(script, 32);
        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            launchers.add(lab.launch("l" + i + ".log", script, experiment.toString(), "--procs-no", "2"));
        }
        AttackLab.await("a few runs", 60, () -> lab.starts().size() >= 6);
        AttackLab.kill("KILL", launchers.get(0).pid());
        for (Process launcher : launchers.subList(1, 4)) {
            assertEquals(0, AttackLab.waitFor(launcher, 120));
        }
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEachOnce(32);
        assertEquals(32L, AttackLab.count(lab.status(experiment), "done"));
    }

    @Test
    void anAbortRacingALauncherThatIsStillStartingStopsIt() {
        Path script = lab.script("hold.sh", "note start\nhold\n");
        Path experiment = pendingExperiment(script, 6);
        for (int delay : new int[] {0, 100, 250, 500, 900}) {
            Process launcher = lab.launch("launcher-" + delay + ".log", script, experiment.toString(), "--procs-no", "3");
            AttackLab.pause(delay);
            lab.run("liftoff-abort", "-t", timestamp(experiment), "-y", "--grace", "1").expect(0);
            AttackLab.waitFor(launcher, 30);
            AttackLab.pause(300);
            assertEquals(List.of(), lab.alive(), "abort after " + delay + " ms left runs going:\n" + lab.read("launcher-" + delay + ".log"));
            assertFalse(lab.states(experiment).containsValue("running"));
            lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        }
    }

    @Test
    void anAbortBetweenAClaimAndItsStartLeavesTheRunRunnable() {
        Path script = lab.script("hold.sh", "note start\nhold\n");
        Path experiment = pendingExperiment(script, 1);
        lab.env.put("LIFTOFF_FAULT_PAUSE", "after-claim");
        Process launcher = lab.launch("launcher.log", script, experiment.toString(), "--detach");
        AttackLab.await("the claim", 30, () -> lab.read("launcher.log").contains("fault point after-claim"));
        lab.env.remove("LIFTOFF_FAULT_PAUSE");
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.waitFor(launcher, 10);
        AttackLab.pause(2500);
        assertEquals(List.of(), lab.alive());
        assertEquals(Map.of(), lab.starts());
        lab.release();
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L), lab.starts());
    }

    @Test
    void cleanWhileRunsRunResetsOnlyTheEndedFailures() {
        Path script = lab.script("mixed.sh", "note start\n[ \"$run\" = 0 ] && exit 3\nhold\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        AttackLab.await("run 0 to crash and run 1 to start", 30, () -> AttackLab.ended(experiment, 0) && AttackLab.started(experiment, 1));
        AttackLab.Result clean = lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        assertTrue(clean.out().contains("reset 1 run"), clean.out());
        assertEquals("running", lab.states(experiment).get("1"));
        lab.release();
        AttackLab.waitFor(launcher, 30);
        assertEquals("done", lab.states(experiment).get("1"));
    }

    @Test
    void twoCleansAtOnceResetEachRunOnce() throws Exception {
        Path script = lab.script("fail.sh", "note start\nexit 3\n");
        lab.liftoff(script, "--runs-no", "8", "--procs-no", "4").expect(1);
        Path experiment = lab.experiment();
        Process a = lab.start("clean-a.log", "liftoff-clean", experiment.toString(), "--do");
        Process b = lab.start("clean-b.log", "liftoff-clean", experiment.toString(), "--do");
        assertEquals(0, AttackLab.waitFor(a, 30), lab.read("clean-a.log"));
        assertEquals(0, AttackLab.waitFor(b, 30), lab.read("clean-b.log"));
        assertEquals(8L, AttackLab.count(lab.status(experiment), "pending"));
        for (int run = 0; run < 8; run++) {
            try (var attempts = Files.list(AttackLab.variation(experiment).resolve(".__attempts/" + run))) {
                assertEquals(1, attempts.count(), "run " + run + " was archived once");
            }
        }
        long resets = TestFiles.read(experiment.resolve(".__journal")).lines().filter(l -> l.contains("liftoff-clean: reset")).count();
        assertEquals(8, resets);
    }

    @Test
    void twoAbortsAtOnceBothSucceedAndStopEverything() {
        Path script = lab.script("hold.sh", "note start\nsetsid sleep $LONG &\nhold\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "4", "--procs-no", "4");
        Path experiment = lab.experiment();
        AttackLab.await("four runs", 30, () -> lab.alive(lab.longSleep).size() == 4);
        Process a = lab.start("abort-a.log", "liftoff-abort", experiment.toString(), "-y", "--grace", "1");
        Process b = lab.start("abort-b.log", "liftoff-abort", experiment.toString(), "-y", "--grace", "1");
        assertEquals(0, AttackLab.waitFor(a, 30), lab.read("abort-a.log"));
        assertEquals(0, AttackLab.waitFor(b, 30), lab.read("abort-b.log"));
        AttackLab.waitFor(launcher, 30);
        AttackLab.await("nothing left", 10, () -> lab.alive().isEmpty());
        assertEquals(4L, AttackLab.count(lab.status(experiment), "aborted"));
    }

    @Test
    void twoNewExperimentsOfOneNameInTheSameSecondStayApart() {
        Path script = lab.script("quick.sh", "note start\n");
        Process a = lab.launch("a.log", script, "--runs-no", "2", "--procs-no", "2", "--timestamp-fmt", "%Y");
        Process b = lab.launch("b.log", script, "--runs-no", "2", "--procs-no", "2", "--timestamp-fmt", "%Y");
        assertEquals(0, AttackLab.waitFor(a, 60), lab.read("a.log"));
        assertEquals(0, AttackLab.waitFor(b, 60), lab.read("b.log"));
        List<Path> experiments = lab.experiments();
        assertEquals(2, experiments.size(), experiments.toString());
        for (Path experiment : experiments) {
            assertEquals(2L, AttackLab.count(lab.status(experiment), "done"));
        }
        assertEquals(4, lab.notes().stream().map(AttackLab.Note::outDir).distinct().count());
    }

    @Test
    void twoLaunchersExtendingOneExperimentAtOnceAddEachRunOnce() {
        Path script = lab.script("quick.sh", "note start\nsleep 0.1\n");
        lab.liftoff(script).expect(0);
        Path experiment = lab.experiment();
        Process a = lab.launch("a.log", script, experiment.toString(), "--runs-no", "6", "--procs-no", "2");
        Process b = lab.launch("b.log", script, experiment.toString(), "--runs-no", "6", "--procs-no", "2");
        assertEquals(0, AttackLab.waitFor(a, 60), lab.read("a.log"));
        assertEquals(0, AttackLab.waitFor(b, 60), lab.read("b.log"));
        Map<String, Object> status = lab.status(experiment);
        assertEquals(6L, AttackLab.count(status, "total"));
        assertEquals(6L, AttackLab.count(status, "done"));
        assertEachOnce(6);
    }

    @Test
    void twoLaunchersRetryingTheSameFailuresRetryEachOnce() {
        Path script = lab.script("flaky.sh", "note start\necho \"$run $LIFTOFF_ATTEMPT $LIFTOFF_SESSION_ID $$\" >> \"$out_dir/../attempts.log\"\n"
                + "[ \"$LIFTOFF_ATTEMPT\" = 1 ] && { sleep 0.3; exit 7; }\nsleep 0.1\n");
        Path experiment = pendingExperiment(script, 8);
        Process a = lab.launch("a.log", script, experiment.toString(), "--procs-no", "4", "--retries", "2");
        Process b = lab.launch("b.log", script, experiment.toString(), "--procs-no", "4", "--retries", "2");
        AttackLab.waitFor(a, 60);
        AttackLab.waitFor(b, 60);
        lab.liftoff(script, experiment.toString(), "--retries", "2").expect(0);
        Map<String, Long> starts = lab.starts();
        assertEquals(8, starts.size());
        assertTrue(starts.values().stream().allMatch(n -> n == 2), () -> "one failure and one retry each: " + starts + "\n"
                + AttackLab.read(AttackLab.variation(experiment).resolve("attempts.log")) + lab.read("a.log") + lab.read("b.log"));
        assertEquals(8L, AttackLab.count(lab.status(experiment), "done"));
    }

    @Test
    void statusAndProcsAnswerWhileALauncherWorks() {
        Path script = lab.script("quick.sh", "note start\nsleep 0.05\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "80", "--procs-no", "4");
        Path experiment = lab.experiment();
        int looks = 0;
        while (launcher.isAlive() && looks < 8) {
            Map<String, Object> status = lab.status(experiment);
            assertEquals(80L, AttackLab.count(status, "total"));
            AttackLab.Result procs = lab.run("liftoff-procs", experiment.toString(), "--json").expect(0);
            assertNotNull(Json.parseObject("{\"list\": " + procs.out() + "}"), procs.out());
            looks++;
        }
        assertEquals(0, AttackLab.waitFor(launcher, 90));
        assertEachOnce(80);
    }

    @Test
    void twoPreparesAtOnceEndWithOneCompletePreparationAndAClearMessage() throws Exception {
        TestFiles.write(dir.resolve("configs/grid/default.yaml"), "x: 1\ny: 1\n");
        TestFiles.write(dir.resolve("configs/grid/config.yaml"), "x: [" + java.util.stream.IntStream.range(0, 300)
                .mapToObj(Integer::toString).collect(Collectors.joining(", ")) + "]\ny: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
        Process a = lab.start("a.log", "liftoff-prepare", "grid");
        Process b = lab.start("b.log", "liftoff-prepare", "grid");
        int codeA = AttackLab.waitFor(a, 60);
        int codeB = AttackLab.waitFor(b, 60);
        String both = lab.read("a.log") + lab.read("b.log");
        assertEquals(List.of(0, 2), java.util.stream.Stream.of(codeA, codeB).sorted().toList(), both);
        assertFalse(both.contains("was not generated by liftoff-prepare"), "a preparation is not a user's file:\n" + both);
        try (var files = Files.list(dir.resolve("configs/grid"))) {
            assertEquals(3002, files.count());
        }
    }
}
