package io.liftoff.launch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.InheritedSignals;
import io.liftoff.TestFiles;
import io.liftoff.process.ProcessTable;
import io.liftoff.store.Layout;
import io.liftoff.store.RunEvents;
import io.liftoff.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real supervisor and wrapper (bash) against scripts: the record they write is what
 * {@link RunRecord} reads, hostile words reach the script untouched and are never run by a shell,
 * timeouts end with TERM then KILL, and scripts get default signals and the USR2 Slurm sends.
 */
class RunWrapperTest {
    @TempDir
    Path dir;

    private final BlockingQueue<Supervisor.Event> events = new LinkedBlockingQueue<>();
    private final List<Supervisor> supervisors = new ArrayList<>();

    @AfterEach
    void tearDown() {
        supervisors.forEach(Supervisor::close);
        io.liftoff.Lab.killRunsUnder(dir);
    }

    private Path experiment(String name) {
        Path experiment = dir.resolve(name);
        TestFiles.write(experiment.resolve("v/" + Layout.RUNS + "/.keep"), "");
        TestFiles.write(experiment.resolve(Layout.EXPERIMENT), "");
        return experiment;
    }

    private Supervisor supervisor(Path experiment, Double timeout, double grace, List<String> command) {
        Supervisor supervisor = Supervisor.start(new Supervisor.Settings(experiment, "session-test", "/dev/null", timeout, grace, false,
                command, dir, Map.of("LIFTOFF_EXPERIMENT_DIR", experiment.toString())), events);
        supervisors.add(supervisor);
        return supervisor;
    }

    private void run(Supervisor supervisor, Path experiment, int id) throws Exception {
        Files.createDirectories(experiment.resolve("v/" + id));
        TestFiles.write(experiment.resolve("v/" + Layout.RUNS + "/" + id), "{\"event\": \"claim\", \"owner\": \"session-test\"}\n");
        assertTrue(supervisor.start(id, "v", Integer.toString(id), "1", 42L, 3));
    }

    /** Waits for the end of {@code count} runs; returns each run's events: the wrapper's pid and the exit code. */
    private Map<Integer, long[]> ends(int count) throws InterruptedException {
        Map<Integer, long[]> seen = new HashMap<>();
        int ended = 0;
        while (ended < count) {
            Supervisor.Event event = events.poll(60, TimeUnit.SECONDS);
            assertNotNull(event, "the runs should end");
            long[] pair = seen.computeIfAbsent(event.id(), i -> new long[] {-1, -1});
            if (event.started()) {
                pair[0] = event.value();
            } else {
                pair[1] = event.value();
                ended++;
            }
        }
        return seen;
    }

    private static RunRecord record(Path experiment, int id) {
        return RunRecord.read(experiment.resolve("v/" + Layout.RUNS + "/" + id));
    }

    @Test
    void theRecordTheWrapperWritesIsTheOneRunRecordReads() throws Exception {
        Path experiment = experiment("plain");
        Path script = TestFiles.write(dir.resolve("script.sh"), "case \"$1\" in */0/cfg.yaml) exit 0;; *) echo boom >&2; exit 3;; esac\n");
        Supervisor supervisor = supervisor(experiment, null, 1, List.of("bash", script.toString()));
        run(supervisor, experiment, 0);
        run(supervisor, experiment, 1);
        Map<Integer, long[]> ends = ends(2);
        for (int id : new int[] {0, 1}) {
            RunRecord record = record(experiment, id);
            assertEquals("session-test", record.owner());
            assertNotNull(record.start(), "the wrapper recorded its start");
            assertEquals(ends.get(id)[0], record.start().pid(), "the pid it reported is the one it recorded");
            assertTrue(record.start().ticks() > 0 && record.start().time() > 1.7e9, record.start().toString());
            assertEquals(io.liftoff.process.Host.name(), record.start().host());
            assertNotNull(record.script(), "and the script's own pid");
            assertNotNull(record.end());
            assertEquals(ends.get(id)[1], record.end().code());
            assertTrue(record.end().time() >= record.start().time());
        }
        assertEquals(0, record(experiment, 0).end().code());
        assertEquals(3, record(experiment, 1).end().code());
        assertEquals("boom\n", TestFiles.read(experiment.resolve("v/1/err")));
    }

    @Test
    void hostileWordsReachTheScriptUntouchedAndNoShellRunsThem() throws Exception {
        String odd = "we ird 'quo\"tes' $(touch pwned) `touch pwned2` ;touch pwned3; \\n";
        Path experiment = experiment("results " + odd.replace("/", ""));
        Path script = TestFiles.write(dir.resolve("args " + odd.replace("/", "") + ".sh"),
                "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\nprintf 'dir=%s\\nattempt=%s\\ngpu=%s\\nendby=%s\\nmetrics=%s\\n' "
                        + "\"$LIFTOFF_RUN_DIR\" \"$LIFTOFF_ATTEMPT\" \"$CUDA_VISIBLE_DEVICES\" \"$ENDBY\" \"$LIFTOFF_METRICS\"\n");
        Supervisor supervisor = supervisor(experiment, null, 1, List.of("bash", script.toString(), odd, "$HOME", "*"));
        run(supervisor, experiment, 0);
        assertEquals(0, ends(1).get(0)[1]);
        Path run = experiment.resolve("v/0");
        assertEquals(List.of(odd, "$HOME", "*", run.resolve("cfg.yaml").toString(), "--session-id", "session-test",
                "dir=" + run, "attempt=3", "gpu=1", "endby=42", "metrics=" + experiment.resolve("v/" + Layout.RUNS + "/0.metrics")),
                Files.readAllLines(run.resolve("out")));
        try (var walk = Files.walk(dir)) {
            assertFalse(walk.anyMatch(p -> p.getFileName().toString().startsWith("pwned")), "no shell ran a word");
        }
        assertFalse(Files.exists(Path.of("pwned")) || Files.exists(Path.of("pwned2")) || Files.exists(Path.of("pwned3")));
    }

    @Test
    void aRunAbortedBeforeItsWrapperStartsItNeverStarts() throws Exception {
        Path experiment = experiment("aborted");
        Path ran = dir.resolve("ran");
        Path script = TestFiles.write(dir.resolve("touch.sh"), "touch \"" + ran + "\"\n");
        Supervisor supervisor = supervisor(experiment, null, 1, List.of("bash", script.toString()));
        Files.createDirectories(experiment.resolve("v/0"));
        TestFiles.write(experiment.resolve("v/" + Layout.RUNS + "/0"), "{\"event\": \"claim\", \"owner\": \"session-test\"}\n");
        RunEvents.appendAbort(experiment.resolve("v/" + Layout.RUNS + "/0"), "a stopped launcher");
        assertTrue(supervisor.start(0, "v", "0", "-", null, 1));
        Supervisor.Event event = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(event);
        assertEquals(Supervisor.Event.Kind.FAILED, event.kind());
        assertEquals("aborted", event.detail());
        assertFalse(Files.exists(ran), "the script never ran");
        assertTrue(record(experiment, 0).aborted());
        assertEquals(null, record(experiment, 0).start());
    }

    @Test
    void aTimeoutSendsTermThenKillAndIsRecorded() throws Exception {
        Path experiment = experiment("timeout");
        Path script = TestFiles.write(dir.resolve("stubborn.sh"), "trap '' TERM\nsleep 30 & wait\nsleep 30\n");
        Supervisor supervisor = supervisor(experiment, 1.0, 1, List.of("bash", script.toString()));
        long begin = System.currentTimeMillis();
        run(supervisor, experiment, 0);
        assertEquals(137, ends(1).get(0)[1]);
        long took = System.currentTimeMillis() - begin;
        assertTrue(took >= 2000 && took < 15_000, "TERM after 1 s, KILL 1 s later: " + took + " ms");
        RunRecord record = record(experiment, 0);
        assertTrue(record.timedOut());
        assertEquals(137, record.end().code());
    }

    @Test
    void scriptsGetDefaultSignalsAndTheUsr2ThatSlurmSendsTheWrapper() throws Exception {
        // What the wrapper must not add; what this JVM was started ignoring every process inherits.
        InheritedSignals.assumeNoneIgnored("INT", "QUIT");
        Path experiment = experiment("signals");
        Path got = dir.resolve("got-usr2");
        Path script = TestFiles.write(dir.resolve("signals.sh"),
                "trap 'touch \"" + got + "\"; exit 0' USR2\ngrep SigIgn /proc/self/status\nwhile :; do sleep 0.1; done\n");
        Supervisor supervisor = supervisor(experiment, null, 1, List.of("bash", script.toString()));
        run(supervisor, experiment, 0);
        Supervisor.Event started = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(started);
        assertTrue(started.started());
        long deadline = System.currentTimeMillis() + 10_000;
        Path out = experiment.resolve("v/0/out");
        while ((!Files.exists(out) || TestFiles.read(out).isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        long ignored = Long.parseLong(TestFiles.read(out).strip().replace("SigIgn:", "").strip(), 16);
        assertEquals(0, ignored & 0b110, "SIGINT and SIGQUIT reach the script (not ignored as in a shell's background job)");
        ProcessHandle.of(started.value()).orElseThrow();
        new ProcessBuilder("kill", "-USR2", Long.toString(started.value())).start().waitFor();
        assertEquals(0, ends(1).get(0)[1]);
        assertTrue(Files.exists(got), "the wrapper passed USR2 on to the script");
        // The wrapper reports the end, then exits: give it the moment that takes.
        long gone = System.currentTimeMillis() + 5000;
        while (ProcessTable.identify(started.value()).isPresent() && System.currentTimeMillis() < gone) {
            Thread.sleep(20);
        }
        assertTrue(ProcessTable.identify(started.value()).isEmpty(), "and ended with it");
    }
}
