package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.store.Json;
import io.liftoff.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing liftoff's own processes with -9 (DESIGN §11: one run never executes twice at once, not after
 * kill -9 of the wrapper pid that procs shows, of the supervisor or of the launcher, nor after clean
 * and relaunch): while a script whose wrapper died still runs, status calls it running, clean leaves
 * it alone, a relaunch does not start it, abort stops it; once it has gone it is lost, and only then
 * can it run again.
 */
@Timeout(120)
class WrapperKillAttackIT {
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

    private Path holdingScript() {
        return lab.script("hold.sh", "note start\ntrap 'note end' EXIT\necho \"run $run says hello\"\nhold\necho \"run $run says bye\"\n");
    }

    private long wrapperOf(Path experiment, int run) {
        AttackLab.await("run " + run + " to start", 30, () -> AttackLab.started(experiment, run)
                && AttackLab.record(experiment, run).script() != null);
        return AttackLab.record(experiment, run).wrapper().pid();
    }

    /** Every run's executions, start to end, overlap nowhere. */
    private void assertNeverTwiceAtOnce() {
        Map<String, List<long[]>> spans = new java.util.HashMap<>();
        for (AttackLab.Note note : lab.notes()) {
            List<long[]> list = spans.computeIfAbsent(note.outDir(), d -> new ArrayList<>());
            if (note.what().equals("start")) {
                list.add(new long[] {note.micros(), Long.MAX_VALUE});
            } else if (!list.isEmpty()) {
                list.get(list.size() - 1)[1] = note.micros();
            }
        }
        spans.forEach((run, list) -> {
            for (int i = 1; i < list.size(); i++) {
                assertTrue(list.get(i)[0] >= list.get(i - 1)[1], run + " ran twice at once: " + lab.notes());
            }
        });
    }

    @Test
    void aKilledWrapperKeepsItsSlotAndItsRunUntilTheScriptEndsThenTheRunIsLost() {
        Path script = holdingScript();
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "3", "--procs-no", "1");
        Path experiment = lab.experiment();
        AttackLab.kill("KILL", wrapperOf(experiment, 0));
        AttackLab.pause(2500);
        assertEquals("running", lab.states(experiment).get("0"), "its script still runs");
        assertEquals(Map.of("0", 1L), lab.starts(), "no second run while the first still holds the only slot");
        String procs = lab.run("liftoff-procs", experiment.toString()).expect(0).out();
        assertTrue(procs.contains("0000_default/0") && procs.contains(Long.toString(AttackLab.record(experiment, 0).script().pid())), procs);
        lab.release();
        assertEquals(1, AttackLab.waitFor(launcher, 60), lab.read("launcher.log"));
        assertTrue(lab.read("launcher.log").contains("lost 0000_default/0"), lab.read("launcher.log"));
        assertEquals(Map.of("0", "lost", "1", "done", "2", "done"), lab.states(experiment));
        assertNeverTwiceAtOnce();
    }

    @Test
    void whileTheScriptOfAKilledWrapperRunsCleanAndRelaunchLeaveItAloneAndAfterwardsItRunsOnceMore() {
        Path script = holdingScript();
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        long wrapper = wrapperOf(experiment, 0);
        wrapperOf(experiment, 1);
        AttackLab.kill("KILL", launcher.pid());
        AttackLab.kill("KILL", wrapper);
        AttackLab.pause(300);
        assertEquals(Map.of("0", "running", "1", "running"), lab.states(experiment));
        AttackLab.Result clean = lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        assertTrue(clean.out().contains("nothing to clean") || clean.out().contains("skipped"), clean.out());
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts(), "nothing started twice");

        lab.release();
        AttackLab.await("both scripts to end", 30, () -> lab.alive().isEmpty());
        assertEquals(Map.of("0", "lost", "1", "done"), lab.states(experiment));
        lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 2L, "1", 1L), lab.starts());
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment));
        assertNeverTwiceAtOnce();
    }

    @Test
    void abortStopsTheScriptOfAKilledWrapper() {
        Path script = holdingScript();
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.kill("KILL", wrapperOf(experiment, 0));
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("the script to be gone", 10, () -> lab.alive().isEmpty());
        assertEquals("aborted", lab.states(experiment).get("0"));
    }

    @Test
    void killingThePidProcsShowsIsACrashOfThatRunOnly() {
        Path script = holdingScript();
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        wrapperOf(experiment, 0);
        wrapperOf(experiment, 1);
        String procs = lab.run("liftoff-procs", experiment.toString(), "--json").expect(0).out();
        Map<String, Object> parsed = Json.parseObject("{\"list\": " + procs + "}");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) ((List<Object>) parsed.get("list"))
                .get(0)).get("runs")).get(0);
        long shown = ((Number) first.get("pid")).longValue();
        AttackLab.kill("KILL", shown);
        AttackLab.pause(300);
        lab.release();
        assertEquals(1, AttackLab.waitFor(launcher, 30));
        Map<String, String> states = lab.states(experiment);
        assertEquals(List.of("crashed", "done"), List.of(states.get(first.get("run").toString().substring(13)),
                states.get(first.get("run").toString().endsWith("0") ? "1" : "0")), states.toString());
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts());
    }

    @Test
    void aKilledSupervisorLosesNoRunAndTheLauncherCarriesOn() throws Exception {
        Path script = lab.script("quick.sh", "note start\nhold\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "4", "--procs-no", "2");
        Path experiment = lab.experiment();
        wrapperOf(experiment, 0);
        wrapperOf(experiment, 1);
        long supervisor = supervisorOf(experiment);
        AttackLab.kill("KILL", supervisor);
        lab.release();
        assertEquals(0, AttackLab.waitFor(launcher, 60), lab.read("launcher.log"));
        assertEquals(Map.of("0", "done", "1", "done", "2", "done", "3", "done"), lab.states(experiment));
        assertEquals(Map.of("0", 1L, "1", 1L, "2", 1L, "3", 1L), lab.starts());
    }

    @Test
    void aKilledSupervisorAndLauncherStillRecordTheirRunsEnds() throws Exception {
        Path script = lab.script("quick.sh", "note start\nhold\nexit $run\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        wrapperOf(experiment, 0);
        wrapperOf(experiment, 1);
        AttackLab.kill("KILL", supervisorOf(experiment));
        AttackLab.kill("KILL", launcher.pid());
        lab.release();
        AttackLab.await("both ends", 30, () -> AttackLab.ended(experiment, 0) && AttackLab.ended(experiment, 1));
        assertEquals(Map.of("0", "done", "1", "crashed"), lab.states(experiment));
    }

    private long supervisorOf(Path experiment) throws Exception {
        AttackLab.await("a session file with its supervisor", 10, () -> sessionFile(experiment) != null
                && Json.readObject(sessionFile(experiment)).get("supervisor_pid") != null);
        return ((Number) Json.readObject(sessionFile(experiment)).get("supervisor_pid")).longValue();
    }

    private static Path sessionFile(Path experiment) {
        String[] names = experiment.toFile().list((d, n) -> n.startsWith(".__session-"));
        return names == null || names.length == 0 ? null : experiment.resolve(names[0]);
    }

    @Test
    void anAttachedRunWhoseWrapperIsKilledStillShowsAndSavesItsOutputAndTheLauncherEnds() {
        Path script = holdingScript();
        Process launcher = lab.launch("launcher.log", script);
        Path experiment = lab.experiment();
        AttackLab.kill("KILL", wrapperOf(experiment, 0));
        AttackLab.await("the greeting", 10, () -> lab.read("launcher.log").contains("run 0 says hello"));
        lab.release();
        assertEquals(1, AttackLab.waitFor(launcher, 30), lab.read("launcher.log"));
        assertTrue(lab.read("launcher.log").contains("run 0 says bye"), lab.read("launcher.log"));
        assertTrue(AttackLab.read(AttackLab.runDir(experiment, 0).resolve("out")).contains("run 0 says bye"));
        assertEquals("lost", lab.states(experiment).get("0"));
    }

    @Test
    void aTimeoutHoldsAfterTheWrapperAndTheLauncherWereKilled() {
        Path script = lab.script("long.sh", "note start\nsleep $LONG\n");
        Process launcher = lab.launch("launcher.log", script, "--detach", "--timeout", "2", "--grace", "1");
        Path experiment = lab.experiment();
        long wrapper = wrapperOf(experiment, 0);
        AttackLab.kill("KILL", launcher.pid());
        AttackLab.kill("KILL", wrapper);
        AttackLab.await("the timeout to stop the script", 15, () -> lab.alive().isEmpty());
        RunRecord record = AttackLab.record(experiment, 0);
        assertTrue(record.timedOut(), "the timeout was recorded");
        assertEquals("timed out", lab.states(experiment).get("0").replace('_', ' '));
    }

    @Test
    void aLostRunWithRetriesLeftIsRetriedOnlyAfterItsScriptHasGone() {
        Path script = holdingScript();
        Process launcher = lab.launch("launcher.log", script, "--detach", "--retries", "1");
        Path experiment = lab.experiment();
        AttackLab.kill("KILL", wrapperOf(experiment, 0));
        AttackLab.pause(2500);
        assertEquals(Map.of("0", 1L), lab.starts(), "not retried while its script runs");
        lab.release();
        assertEquals(0, AttackLab.waitFor(launcher, 60), lab.read("launcher.log"));
        assertEquals(Map.of("0", 2L), lab.starts());
        assertEquals("done", lab.states(experiment).get("0"));
        assertTrue(Files.isDirectory(AttackLab.variation(experiment).resolve(".__attempts/0/1")));
        assertNeverTwiceAtOnce();
    }
}
