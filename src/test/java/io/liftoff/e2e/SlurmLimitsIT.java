package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.TestFiles;
import io.liftoff.slurm.SlurmCli;
import io.liftoff.slurm.Submission;
import io.liftoff.store.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's limits, against the cluster of {@code .ci/slurm/start --limits} (MaxArraySize 1001, QOS
 * limits enforced): CI runs these in a stage of their own ({@code .ci/run}), since one of them sets a
 * QOS limit that other tests would meet; it restores the limit whatever happens. Skipped, loudly,
 * where no cluster so configured answers.
 */
@Tag("slurm-limits")
class SlurmLimitsIT {
    @TempDir
    Path dir;

    Lab lab;
    Path fixture;

    @BeforeAll
    static void needsACLusterWithLimits() throws Exception {
        String config = command("scontrol", "show", "config");
        boolean ready = config != null && config.matches("(?s).*MaxArraySize\\s*=\\s*1001\\b.*")
                && config.matches("(?s).*AccountingStorageEnforce\\s*=\\s*[^\\n]*limits.*");
        if (!ready) {
            System.err.println("SKIPPED SlurmLimitsIT: no Slurm cluster with MaxArraySize=1001 and QOS limits enforced answers "
                    + "(start one with .ci/slurm/start --limits)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(ready, "start the cluster with .ci/slurm/start --limits");
    }

    /** A command's output, or null when it fails. */
    private static String command(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes());
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? said : null;
    }

    private static void qosLimit(String value) throws Exception {
        assertTrue(command("sacctmgr", "-i", "modify", "qos", "normal", "set", "MaxSubmitJobsPerUser=" + value) != null,
                "sacctmgr sets MaxSubmitJobsPerUser=" + value);
    }

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        fixture = Files.copy(Lab.fixture("fixture.py"), dir.resolve("fixture.py"));
        lab.defaults("log: " + lab.log + "\nsleep: 1\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        SlurmJobs.cancelAll(lab);
    }

    @Test
    void twoThousandFiveHundredRunsBecomeArraysWhoseIndexesStayWithinMaxArraySize() throws Exception {
        Bin.Result result = Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "2500", "--slurm", "--procs-no", "50",
                "--dry-run", "--json").expect(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) io.liftoff.store.Json.readObject(
                TestFiles.write(dir.resolve("plan.json"), result.out())).get("slurm");
        assertEquals(1001, ((Number) plan.get("max_array_size")).intValue(), "read from the cluster: " + result.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> arrays = (List<Map<String, Object>>) plan.get("arrays");
        assertEquals(List.of(1001, 1001, 498), arrays.stream().map(a -> ((Number) a.get("tasks")).intValue()).toList());
        assertEquals(List.of(0, 1001, 2002), arrays.stream().map(a -> ((Number) a.get("first_run")).intValue()).toList());
        for (Map<String, Object> array : arrays) {
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) array.get("command");
            int tasks = ((Number) array.get("tasks")).intValue();
            assertTrue(command.contains("--array=0-" + (tasks - 1) + "%50"), "indexes 0 to at most 1000: " + command);
        }
        assertEquals(List.of(), lab.experiments(), "a dry run creates nothing");
    }

    @Test
    void aSubmissionPastTheQosLimitIsRefusedBeforeAnythingIsSubmitted() throws Exception {
        qosLimit("10");
        try {
            lab.defaults("release: " + dir.resolve("never") + "\nplan: hang,hang,hang,hang\n");
            Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "4", "--slurm", "--procs-no", "1").expect(0);
            Experiment first = lab.only();
            Bin.await("the first run to start", 120, () -> Records.started(first.runs().get(0)));
            List<String> before = queue();
            assertEquals(4, before.size(), "four tasks queued or running: " + before);

            Bin.Result dry = Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "7", "--slurm", "--dry-run").expect(3);
            String line = "liftoff: Slurm QOS normal: MaxSubmitJobsPerUser=10, you have 4 jobs queued and this submission needs 7";
            assertTrue(dry.err().startsWith(line), dry.err());
            Bin.Result refused = Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "7", "--slurm").expect(3);
            assertTrue(refused.err().startsWith(line) && refused.err().strip().lines().count() == 1, refused.err());
            assertEquals(before, queue(), "nothing was submitted");
            for (Experiment experiment : lab.experiments()) {
                if (!experiment.dir().equals(first.dir())) {
                    assertEquals(List.of(), Submission.readAll(experiment.dir(), experiment.entries()), "no submission recorded");
                }
            }
            // What fits is submitted: six more make ten.
            Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "6", "--slurm", "--procs-no", "1").expect(0);
            assertEquals(10, queue().size());
        } finally {
            qosLimit("-1");
        }
    }

    /** This user's tasks in the queue, asked directly: the test watches from outside liftoff. */
    private static List<String> queue() throws SlurmCli.Unreachable {
        return SlurmCli.queueOfUser().stream().map(SlurmCli.QueueEntry::taskId).sorted().toList();
    }
}
