package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.process.Host;
import io.liftoff.slurm.Submission;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query budget without a cluster: liftoff's commands run with fake sbatch, squeue and sacct
 * first on the PATH, each logging its calls, and share one view of Slurm in their state folder.
 */
class SlurmViewIT {
    @TempDir
    Path dir;

    Lab lab;
    Path fake;
    Path calls;

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        lab.defaults("log: " + lab.log + "\n");
        fake = Files.createDirectories(dir.resolve("fake-bin"));
        calls = dir.resolve("calls");
        Files.createFile(calls);
        tool("sbatch", "echo 42");
        tool("scontrol", "exit 1");
        tool("squeue", "echo squeue >> " + calls + "\n"
                + "if [ -f " + dir.resolve("down") + " ]; then echo 'slurm_load_jobs error: Unable to contact slurm controller' >&2; exit 1; fi\n"
                + "sleep \"$(cat " + dir.resolve("delay") + " 2>/dev/null || echo 0)\"\n"
                + "cat " + dir.resolve("queue"));
        tool("sacct", "echo sacct >> " + calls + "\ncat " + dir.resolve("accounting") + " 2>/dev/null || true");
        TestFiles.write(dir.resolve("queue"), "42|0|PENDING|Priority|N/A|1:00:00\n42|1|PENDING|Priority|N/A|1:00:00\n");
        Bin.Result submitted = liftoff("30", "liftoff", Lab.fixture("fixture.py").toString(), "--runs-no", "2", "--slurm").expect(0);
        assertTrue(submitted.out().contains("as job 42"), submitted.out() + submitted.err());
        // A view taken in the second of the submission could not tell whether it saw it.
        Thread.sleep(1100);
    }

    private void tool(String name, String body) {
        TestFiles.write(fake.resolve(name), "#!/bin/sh\n" + body + "\n").toFile().setExecutable(true);
    }

    private long count(String command) {
        return TestFiles.read(calls).lines().filter(command::equals).count();
    }

    private ProcessBuilder builder(String interval, String command, String... args) {
        ProcessBuilder builder = Bin.builder(dir, command, List.of(args));
        builder.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        builder.environment().put("LIFTOFF_STATE_DIR", dir.resolve("state").toString());
        builder.environment().put("LIFTOFF_SLURM_INTERVAL", interval);
        return builder;
    }

    private Bin.Result liftoff(String interval, String command, String... args) throws Exception {
        Process process = builder(interval, command, args).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Bin.Result(process.exitValue(), out, err);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(String interval) throws Exception {
        Bin.Result result = liftoff(interval, "liftoff-status", "-a", "--json", "--runs").expect(0);
        List<Object> list = (List<Object>) Json.parseObject("{\"list\": " + result.out() + "}").get("list");
        Map<String, Object> status = new LinkedHashMap<>((Map<String, Object>) list.get(0));
        status.put("stderr", result.err());
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(Map<String, Object> status, int index) {
        return (Map<String, Object>) ((List<Object>) status.get("runs")).get(index);
    }

    @Test
    void manyStatusCallsWithinTheIntervalMakeOneSqueueAndAStaleViewIsRefreshedByOneOfThem() throws Exception {
        for (int i = 0; i < 4; i++) {
            Map<String, Object> status = status("30");
            assertEquals(2, ((Number) status.get("queued")).intValue(), status.toString());
            assertEquals("Priority", run(status, 0).get("reason"));
        }
        assertEquals(1, count("squeue"), "four looks within the interval, one squeue");
        liftoff("30", "liftoff-procs").expect(0);
        assertEquals(1, count("squeue"), "procs shares the view");

        // Stale now for an interval of 4 s; four commands at once, the squeue slow: one refreshes.
        Thread.sleep(4100);
        TestFiles.write(dir.resolve("delay"), "2");
        List<Process> lookers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lookers.add(builder("4", "liftoff-status", "-a").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process looker : lookers) {
            assertTrue(looker.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, looker.exitValue());
        }
        assertEquals(2, count("squeue"), "one of four concurrent commands refreshed the stale view");
        assertEquals(0, count("sacct"), "nothing left the queue: no sacct");
    }

    @Test
    void anUnreachableSlurmKeepsTheLastViewAndStatusSaysHowOldItIs() throws Exception {
        status("0");
        Files.createFile(dir.resolve("down"));
        Thread.sleep(1100);
        Map<String, Object> status = status("0");
        assertEquals(2, count("squeue"));
        assertEquals(2, ((Number) status.get("queued")).intValue(), "the last view stands: " + status);
        assertTrue(((Number) status.get("slurm_view_age_seconds")).intValue() >= 1, status.toString());
        String err = status.get("stderr").toString();
        assertTrue(err.matches("(?s).*Slurm view \\d+ s old \\(Slurm unreachable: .*Unable to contact.*"), err);
    }

    @Test
    void aTaskGoneFromTheQueueButNotYetInAccountingIsEndingThenLost() throws Exception {
        Experiment experiment = lab.only();
        Submission submission = Submission.readAll(experiment.dir(), experiment.entries()).get(0);
        for (int i = 0; i < 2; i++) {
            Run run = experiment.runs().get(i);
            RunRecord.create(run.record(), submission.id(), "node-1",
                    new RunRecord.Launch("0", List.of(), null, 1, 0, null, null, null, "42_" + i));
            RunRecord.append(run.record(), Map.of("event", "start", "time", RunRecord.now(), "pid", 1234, "ticks", 1, "host", "node-1"));
        }
        assertTrue(!Host.name().equals("node-1"));
        TestFiles.write(dir.resolve("queue"), "42|0|RUNNING|None|N/A|1:00:00\n42|1|RUNNING|None|N/A|1:00:00\n");
        // Interval 1 s: sacct at most every 3 s, a task without accounting lost 6 s after it left.
        Thread.sleep(1100);
        assertEquals(2, ((Number) status("1").get("running")).intValue());
        TestFiles.write(dir.resolve("queue"), "");
        Thread.sleep(1100);
        long left = System.currentTimeMillis();
        Map<String, Object> status = status("1");
        assertEquals(2, ((Number) status.get("running")).intValue(), "sacct knows nothing yet: ending, not lost: " + status);
        assertEquals("ending", run(status, 0).get("reason"));
        assertEquals(1, count("sacct"));

        TestFiles.write(dir.resolve("accounting"), "42_0|CANCELLED by 0|0:15\n");
        while (count("sacct") < 2 && System.currentTimeMillis() - left < 20_000) {
            status("1");
        }
        assertTrue(System.currentTimeMillis() - left >= 3000, "sacct at most every three intervals");
        status = status("1");
        assertEquals(2, count("sacct"));
        assertEquals("lost", run(status, 0).get("state"), status.toString());
        assertEquals("CANCELLED", run(status, 0).get("reason"));
        assertEquals("running", run(status, 1).get("state"), "task 1 is not in accounting yet: " + status);
        Thread.sleep(Math.max(0, left + 8000 - System.currentTimeMillis()));
        status = status("1");
        assertEquals("lost", run(status, 1).get("state"), "lost once the bound has passed: " + status);
        assertEquals("its Slurm task ended without an exit recorded", run(status, 1).get("reason"));
    }
}
