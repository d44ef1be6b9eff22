package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.process.ProcessTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Processes that detach themselves (DESIGN §11: every process a run starts is the run's): setsid, double
 * forks, daemons, process groups of their own, nohup. liftoff-procs lists them, liftoff-abort stops
 * them, they are stopped when the run's script ends (unless --keep-leftovers: then status says that an
 * ended run left some behind), and nothing of anyone else is touched.
 */
@Timeout(120)
class DetachAttackIT {
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

    /** How a script's child leaves the script: each line starts one {@code sleep $LONG} that is no longer a plain child. */
    private static String detach(String how) {
        switch (how) {
            case "setsid":
                return "setsid sleep $LONG &";
            case "double-fork":
                return "( sleep $LONG & ) ; ( setsid sleep $LONG & )";
            case "daemon":
                return "python3 -c 'import os,sys\n"
                        + "if os.fork(): sys.exit(0)\n"
                        + "os.setsid()\n"
                        + "if os.fork(): sys.exit(0)\n"
                        + "os.chdir(\"/\"); os.umask(0)\n"
                        + "fd = os.open(\"/dev/null\", os.O_RDWR)\n"
                        + "[os.dup2(fd, i) for i in (0, 1, 2)]\n"
                        + "os.execvp(\"sleep\", [\"sleep\", os.environ[\"LONG\"]])'";
            case "process-group":
                return "set -m; sleep $LONG & set +m";
            case "nohup":
                return "nohup sleep $LONG > /dev/null 2>&1 & disown";
            case "no-run-variable":
                // Drops liftoff's variable but stays in the script's process group.
                return "env -u LIFTOFF_RUN_DIR -u LIFTOFF_EXPERIMENT_DIR sleep $LONG &";
            default:
                throw new IllegalArgumentException(how);
        }
    }

    private static int children(String how) {
        return how.equals("double-fork") ? 2 : 1;
    }

    private static boolean lists(String output, long pid) {
        return Pattern.compile("\\b" + pid + "\\b").matcher(output).find();
    }

    @ParameterizedTest(name = "{0}: listed by procs and stopped by abort while the run runs")
    @ValueSource(strings = {"setsid", "double-fork", "daemon", "process-group", "nohup", "no-run-variable"})
    void aDetachedChildOfARunningRunIsListedAndStopped(String how) {
        Path script = lab.script("detach.sh", detach(how) + "\nnote start\nhold\n");
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.await("the script and its detached children", 30, () -> lab.alive(lab.longSleep).size() == children(how));
        List<Long> sleepers = lab.alive(lab.longSleep);
        String procs = lab.run("liftoff-procs", experiment.toString()).expect(0).out();
        for (long pid : sleepers) {
            assertTrue(lists(procs, pid), "procs lists the detached process " + pid + ":\n" + procs);
        }
        AttackLab.Result abort = lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        assertTrue(abort.out().contains("aborted 0000_default/0"), abort.out());
        AttackLab.await("every process of the run to be gone", 10, () -> lab.alive().isEmpty());
        assertEquals("aborted", lab.states(experiment).get("0"));
    }

    @ParameterizedTest(name = "{0}: what a run left running is stopped when its script ends, before its end is recorded")
    @ValueSource(strings = {"setsid", "double-fork", "daemon", "process-group", "nohup", "no-run-variable"})
    void whatARunLeftIsStoppedWhenItsScriptEnds(String how) {
        Path script = lab.script("leave.sh", detach(how) + "\nnote start\nsleep 1\n");
        AttackLab.Result result = lab.liftoff(script, "--detach", "--grace", "1").expect(0);
        assertEquals(List.of(), lab.alive(), "nothing of the run is left:\n" + result.all());
        Path experiment = lab.experiment();
        Map<String, Object> run = runs(experiment).get(0);
        assertEquals("done", run.get("state"));
        assertEquals(children(how), ((Number) run.get("stopped_leftovers")).intValue(), run.toString());
        assertTrue(result.out().contains("stopped " + children(how) + " process"), result.out());
        assertTrue(lab.run("liftoff-status", experiment.toString(), "--runs").out().contains("stopped " + children(how)
                + " process"));
    }

    @Test
    void aLeftoverWithThreadsIsOneProcessStopped() {
        // /proc answers for a thread's id as for a process's: the count is of processes, not of their threads.
        Path script = lab.script("threads.sh", "setsid python3 -c 'import os, threading, time\n"
                + "for _ in range(4): threading.Thread(target=time.sleep, args=(float(os.environ[\"LONG\"]),)).start()\n"
                + "' $LONG &\nnote start\nsleep 1\n");
        AttackLab.Result result = lab.liftoff(script, "--detach", "--grace", "1").expect(0);
        assertEquals(List.of(), lab.alive(), "nothing of the run is left:\n" + result.all());
        assertEquals(1, ((Number) runs(lab.experiment()).get(0).get("stopped_leftovers")).intValue());
    }

    @Test
    void aLeftoverThatIgnoresTermIsKilledAfterTheGracePeriod() {
        Path script = lab.script("stubborn.sh", "setsid bash -c \"trap '' TERM; exec sleep $LONG\" &\nnote start\nsleep 0.5\n");
        AttackLab.Result result = lab.liftoff(script, "--detach", "--grace", "1").expect(0);
        assertEquals(List.of(), lab.alive());
        assertTrue(result.millis() >= 1000, "it waited the grace period: " + result.millis() + " ms");
        assertEquals(1, ((Number) runs(lab.experiment()).get(0).get("stopped_leftovers")).intValue());
    }

    @Test
    void stoppingARunsLeftoversNeverTouchesAnotherRunOrABystander() throws Exception {
        // Run 0 ends at once leaving a daemon; run 1 keeps running with its own; a bystander names a sibling folder.
        Path script = lab.script("two.sh", "setsid sleep $LONG &\nnote start\n[ \"$run\" = 0 ] && exit 0\nhold\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2", "--grace", "1");
        Path experiment = lab.experiment();
        ProcessBuilder sibling = new ProcessBuilder("sleep", "300");
        sibling.environment().put("LIFTOFF_RUN_DIR", AttackLab.runDir(experiment, 0) + "0");
        Process bystander = sibling.start();
        try {
            AttackLab.await("run 0 to end and run 1 to run", 30, () -> AttackLab.ended(experiment, 0) && AttackLab.started(experiment, 1));
            AttackLab.await("run 0's daemon to be stopped", 10, () -> lab.alive(lab.longSleep).size() == 1);
            assertTrue(bystander.isAlive(), "a process that only looks like the run's is not the run's");
            assertEquals("running", lab.states(experiment).get("1"));
            lab.release();
            assertEquals(0, AttackLab.waitFor(launcher, 30), lab.read("launcher.log"));
            assertEquals(List.of(), lab.alive());
            assertTrue(bystander.isAlive());
        } finally {
            bystander.destroyForcibly();
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> runs(Path experiment) {
        return (List<Map<String, Object>>) lab.status(experiment).get("runs");
    }

    @Test
    void anEndedRunThatLeftProcessesSaysSoAndAbortStopsThemKeepingItsEnd() {
        Path script = lab.script("leave.sh", "setsid sleep $LONG &\n( setsid sleep $LONG & )\nnote start\n");
        lab.liftoff(script, "--detach", "--keep-leftovers").expect(0);
        Path experiment = lab.experiment();
        AttackLab.await("the run to end", 10, () -> AttackLab.ended(experiment, 0));
        assertEquals(2, lab.alive(lab.longSleep).size());

        Map<String, Object> status = lab.status(experiment);
        assertEquals(1L, AttackLab.count(status, "done"));
        assertEquals(1L, AttackLab.count(status, "left_processes"), status.toString());
        assertTrue(lab.run("liftoff-status", experiment.toString()).out().contains("left processes behind"));
        // Without a selection, status shows what runs on this host: leftovers run.
        String plain = lab.run("liftoff-status").expect(0).out();
        assertTrue(plain.contains(experiment.getFileName().toString()) && plain.contains("left processes behind"), plain);
        String procs = lab.run("liftoff-procs", experiment.toString()).expect(0).out();
        for (long pid : lab.alive(lab.longSleep)) {
            assertTrue(lists(procs, pid), procs);
        }

        AttackLab.Result abort = lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        assertTrue(abort.out().contains("left running after it ended"), abort.out());
        AttackLab.await("the leftovers to be gone", 10, () -> lab.alive().isEmpty());
        status = lab.status(experiment);
        assertEquals(1L, AttackLab.count(status, "done"), "the run keeps its end");
        assertEquals(0L, AttackLab.count(status, "left_processes"));
    }

    @Test
    void abortNeverStopsAProcessOfAnotherExperimentOrOneThatOnlyLooksLikeTheRuns() throws Exception {
        Path script = lab.script("leave.sh", "setsid sleep $LONG &\nnote start\nhold\n");
        lab.launch("a.log", script, "--detach", "--name", "first");
        AttackLab.await("the first experiment's child", 30, () -> lab.alive(lab.longSleep).size() == 1);
        lab.launch("b.log", script, "--detach", "--name", "second");
        AttackLab.await("the second experiment's child", 30, () -> lab.alive(lab.longSleep).size() == 2);
        AttackLab.await("two experiments", 10, () -> lab.experiments().size() == 2);
        Path first = lab.experiments().stream().filter(p -> p.toString().endsWith("_first")).findFirst().orElseThrow();
        Path second = lab.experiments().stream().filter(p -> p.toString().endsWith("_second")).findFirst().orElseThrow();
        // A bystander whose run folder is a sibling of the first experiment's run, and one naming another results folder.
        ProcessBuilder sibling = new ProcessBuilder("sleep", "300");
        sibling.environment().put("LIFTOFF_RUN_DIR", AttackLab.runDir(first, 0) + "0");
        sibling.environment().put("LIFTOFF_EXPERIMENT_DIR", first + "x");
        Process bystander = sibling.start();
        try {
            List<Long> secondsProcesses = lab.alive(lab.longSleep);
            lab.run("liftoff-abort", first.toString(), "-y", "--grace", "1").expect(0);
            AttackLab.await("the first experiment's processes to go", 10, () -> lab.alive().size() == 2);
            assertTrue(bystander.isAlive(), "a process whose run folder merely starts like the run's is not the run's");
            assertEquals("running", lab.states(second).get("0"));
            long left = lab.alive(lab.longSleep).get(0);
            assertTrue(secondsProcesses.contains(left));
            assertTrue(ProcessTable.identify(left).isPresent());
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aRunThatKeepsForkingWhileAbortedLeavesNothing() {
        // Ignores TERM (its children inherit that) and starts a new child every few milliseconds.
        Path script = lab.script("churn.sh", "trap '' TERM\nnote start\nwhile :; do sleep $LONG & sleep 0.005; done\n");
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.await("children", 30, () -> lab.alive(lab.longSleep).size() > 20);
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("every process of the run to be gone", 10, () -> lab.alive().isEmpty());
        AttackLab.pause(500);
        assertEquals(List.of(), lab.alive(), "nothing came back");
    }

    @Test
    void aDeepChainOfDaemonsIsStopped() {
        // Five generations, each leaving its session before starting the next.
        Path script = lab.script("chain.sh", "note start\n"
                + "cat > \"$out_dir/../chain-$run.sh\" <<'EOF'\n"
                + "n=$1; [ \"$n\" -gt 0 ] && setsid bash \"$0\" $((n-1)) &\n"
                + "exec sleep $LONG\n"
                + "EOF\n"
                + "setsid bash \"$out_dir/../chain-$run.sh\" 5 &\nhold\n");
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.await("six generations", 30, () -> lab.alive(lab.longSleep).size() == 6);
        String procs = lab.run("liftoff-procs", experiment.toString()).expect(0).out();
        for (long pid : lab.alive(lab.longSleep)) {
            assertTrue(lists(procs, pid), procs);
        }
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("every generation to be gone", 10, () -> lab.alive().isEmpty());
    }

    @Test
    void aFailedRunWhoseChildStillRunsIsNeitherCleanedNorRetried() {
        Path script = lab.script("fail.sh", "note start\nsetsid sleep $LONG &\nexit 3\n");
        AttackLab.Result first = lab.liftoff(script, "--detach", "--retries", "1", "--keep-leftovers").expect(1);
        Path experiment = lab.experiment();
        assertEquals(Map.of("0", 1L), lab.starts(), "not retried while its child runs:\n" + first.all());
        assertEquals(1, lab.alive(lab.longSleep).size());
        AttackLab.Result clean = lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        assertTrue(clean.out().contains("skipped 0000_default/0"), clean.out());
        lab.liftoff(script, experiment.toString());
        assertEquals(Map.of("0", 1L), lab.starts(), "a relaunch does not start it either");

        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("the child to be gone", 10, () -> lab.alive().isEmpty());
        lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        assertEquals("pending", lab.states(experiment).get("0"));
        assertFalse(lab.states(experiment).containsValue("running"));
    }
}
