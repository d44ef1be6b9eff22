package io.liftoff.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Shells;
import io.liftoff.StubTask;
import io.liftoff.TestFiles;
import io.liftoff.store.Layout;
import io.liftoff.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm task's loop (the real {@code slurm-task.bash}, run by bash without a cluster) against a
 * stub {@code java} that answers the task's questions from a list: it runs what it is told, asks
 * with what it claimed and ran last, stops on an empty answer or a TERM, and asks one JVM per
 * question when its coprocess has gone.
 */
class TaskScriptTest {
    @TempDir
    Path dir;

    /** The experiment, with runs r0 to r2 of variation v claimed by the submission. */
    Path experiment() {
        Path experiment = dir.resolve("exp");
        TestFiles.write(experiment.resolve(Layout.EXPERIMENT), "");
        for (int i = 0; i < 3; i++) {
            TestFiles.write(experiment.resolve("v/" + Layout.RUNS + "/r" + i), "{\"event\":\"claim\",\"owner\":\"slurm-test\"}\n");
            TestFiles.write(experiment.resolve("v/r" + i + "/.keep"), "");
        }
        return experiment;
    }

    private Shells.Result task(Path java, Path experiment, Path script) {
        return StubTask.run(dir, java, experiment, dir.resolve("state"), script, Map.of());
    }

    private static RunRecord record(Path experiment, String run) {
        return RunRecord.read(experiment.resolve("v/" + Layout.RUNS + "/" + run));
    }

    @Test
    void startsTheRunsItIsToldThenStopsOnAnEmptyAnswer() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new", "v r1 2 1234 again");
        Path script = TestFiles.write(dir.resolve("script.sh"), "echo \"$1 $2 $3 $LIFTOFF_ATTEMPT ${ENDBY:-none}\"\n");
        Shells.Result result = task(java, experiment, script).ok();
        assertEquals(List.of("serve 0 -", "serve 1 v/r0", "serve 1 v/r1"), StubTask.questions(java),
                "a new run counts as claimed, a run again does not; each question names the run before");
        assertEquals(experiment + "/v/r0/cfg.yaml --session-id slurm-test 1 none\n", TestFiles.read(experiment.resolve("v/r0/out")));
        assertEquals(experiment + "/v/r1/cfg.yaml --session-id slurm-test 2 1234\n", TestFiles.read(experiment.resolve("v/r1/out")));
        for (String run : List.of("r0", "r1")) {
            RunRecord record = record(experiment, run);
            assertNotNull(record.start(), run);
            assertNotNull(record.script(), run);
            assertEquals(0, record.end().code(), run);
        }
        assertNull(record(experiment, "r2").start(), "nothing asked it to start r2");
        assertEquals(List.of("S 1 ", "E 1 0", "S 1 ", "E 1 0"),
                result.lines().stream().map(line -> line.startsWith("S ") ? "S 1 " : line).toList(), result.out());
    }

    @Test
    void aTermEndsTheRunningRunAndNoFurtherRunIsClaimed() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new", "v r1 1 - new", "v r2 1 - new");
        // The script's parent is the batch shell, which runs the wrapper itself: Slurm's TERM reaches it so.
        Path script = TestFiles.write(dir.resolve("script.sh"), "kill -TERM $PPID\nsleep 0.5\necho after the term\n");
        task(java, experiment, script).ok();
        assertEquals(List.of("serve 0 -"), StubTask.questions(java));
        assertEquals(0, record(experiment, "r0").end().code(), "the run ended and its end was recorded");
        assertEquals("after the term\n", TestFiles.read(experiment.resolve("v/r0/out")));
        assertNull(record(experiment, "r1").start());
    }

    @Test
    void theTimeLimitSignalIsPassedOnAndRecordedAndATermAfterItHasLiftoffJudgeTheTimeLimit() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new", "v r1 1 - new");
        // --signal=B:USR2@S reaches the batch shell; the script checkpoints on it, then Slurm's TERM comes.
        Path script = TestFiles.write(dir.resolve("script.sh"), "trap 'echo got USR2' USR2\nkill -USR2 $PPID\nsleep 0.3\n"
                + "kill -TERM $PPID\nsleep 0.3\n");
        task(java, experiment, script).ok();
        assertEquals(List.of("serve 0 -", "ending 1 v/r0"), StubTask.questions(java),
                "no further run after the TERM; liftoff judges whether the run met its time limit");
        RunRecord record = record(experiment, "r0");
        assertTrue(record.signalTime() >= record.start().time(), "the record says when the signal came");
        assertEquals(0, record.end().code());
        assertEquals("got USR2\n", TestFiles.read(experiment.resolve("v/r0/out")));
    }

    @Test
    void aTimeLimitSignalBeforeTheFirstRunDoesNotEndTheTask() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new");
        // Slurm sends it at its 30 s check once less time is left than --signal's margin: with a margin of
        // about the job's --time, that can be while the task's JVM answers its first question.
        TestFiles.write(java.resolveSibling("usr2-first"), "");
        Path script = TestFiles.write(dir.resolve("script.sh"), "echo ran\n");
        task(java, experiment, script).ok();
        assertEquals("ran\n", TestFiles.read(experiment.resolve("v/r0/out")), "the task went on to run what it was told");
        assertTrue(Double.isNaN(record(experiment, "r0").signalTime()), "the signal came before the run: not the run's");
    }

    @Test
    void aRunThatEndsBeforeTheSignalIsNotJudgedForATimeLimit() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new", "v r1 1 - new");
        // r0 ends, then the signal and the TERM reach the task while r1 runs: r1's record says so, never r0's.
        Path script = TestFiles.write(dir.resolve("script.sh"), "trap 'echo got USR2' USR2\n"
                + "case $1 in */r1/*) kill -USR2 $PPID; sleep 0.3; kill -TERM $PPID; sleep 0.3;; esac\n");
        task(java, experiment, script).ok();
        assertEquals(List.of("serve 0 -", "serve 1 v/r0", "ending 2 v/r1"), StubTask.questions(java));
        assertTrue(Double.isNaN(record(experiment, "r0").signalTime()), "r0 ended before the signal");
        assertTrue(record(experiment, "r1").signalTime() > 0);
    }

    @Test
    void withoutItsCoprocessItAsksOneJvmPerQuestion() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new", "v r1 1 - new");
        Files.createFile(java.resolveSibling("no-serve"));
        Path script = TestFiles.write(dir.resolve("script.sh"), "exit 0\n");
        task(java, experiment, script).ok();
        assertEquals(List.of("once 0 -", "once 1 v/r0", "once 2 v/r1"), StubTask.questions(java));
        assertEquals(0, record(experiment, "r0").end().code());
        assertEquals(0, record(experiment, "r1").end().code());
    }

    @Test
    void whatARunLeavesRunningIsStoppedBeforeItsEndIsRecordedAsLocally() throws Exception {
        Path experiment = experiment();
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new");
        Path pids = dir.resolve("pids");
        // A detached daemon that ignores TERM: KILL after the grace period (1 s here) ends it.
        Path script = TestFiles.write(dir.resolve("script.sh"), "setsid bash -c 'trap \"\" TERM; echo $$ >> " + pids
                + "; exec sleep 300' &\nsleep 0.3\n");
        task(java, experiment, script).ok();
        assertEquals(1, record(experiment, "r0").end().stoppedLeftovers(), "the record says how many it stopped");
        long pid = Long.parseLong(TestFiles.read(pids).strip());
        assertTrue(io.liftoff.Waits.ended(pid), "the daemon was stopped");
    }
}
