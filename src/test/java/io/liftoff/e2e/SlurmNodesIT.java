package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.TestFiles;
import io.liftoff.process.Host;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on a node that is not the launcher's host, against the cluster of {@code .ci/slurm/start
 * --nodes 2}: its second node runs its jobs under another host name and in another PID namespace, so
 * a run's recorded host and pids mean nothing here, as on a real cluster. CI runs these in a stage of
 * their own; skipped, loudly, where no such cluster answers.
 */
@Tag("slurm-nodes")
class SlurmNodesIT {
    @TempDir
    Path dir;

    static String node;
    Lab lab;
    Path fixture;
    final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void needsASecondNode() throws Exception {
        node = Host.name() + "-n2";
        Process sinfo = new ProcessBuilder("sinfo", "-h", "-N", "-o", "%N %T").redirectErrorStream(true).start();
        String said = new String(sinfo.getInputStream().readAllBytes());
        boolean up = sinfo.waitFor(20, TimeUnit.SECONDS) && sinfo.exitValue() == 0 && said.contains(node + " idle");
        if (!up) {
            System.err.println("SKIPPED SlurmNodesIT: no Slurm node " + node + " is idle (start the cluster with "
                    + ".ci/slurm/start --nodes 2): " + said.strip());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(up, "start the cluster with .ci/slurm/start --nodes 2");
    }

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        fixture = Files.copy(Lab.fixture("fixture.py"), dir.resolve("fixture.py"));
        lab.defaults("log: " + lab.log + "\nsleep: 1\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        started.forEach(Process::destroyForcibly);
        SlurmJobs.cancelAll(lab);
    }

    private Map<String, Object> status(Experiment experiment) {
        String json = Bin.run(dir, "liftoff-status", experiment.dir().toString(), "--json").expect(0).out();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) io.liftoff.store.Json.readObject(
                TestFiles.write(dir.resolve("status.json"), "{\"list\": " + json + "}")).get("list");
        return list.get(0);
    }

    private static long count(Map<String, Object> status, String key) {
        return ((Number) status.get(key)).longValue();
    }

    /** This host's process with that pid and its start (ticks), or null: what must survive whatever liftoff does. */
    private static long[] hostProcess(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return null;
        }
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return new long[] {pid, Long.parseLong(fields[19])};
    }

    /**
     * A process of this host with the very pid a run recorded on the other node: the one there is, or a
     * sleep made to get it (the kernel hands out ns_last_pid + 1 next). Null when neither can be had.
     */
    private long[] hostProcessWithPid(long pid) throws Exception {
        for (int i = 0; i < 20; i++) {
            long[] there = hostProcess(pid);
            if (there != null) {
                return there;
            }
            Files.writeString(Path.of("/proc/sys/kernel/ns_last_pid"), Long.toString(pid - 1));
            Process sleep = new ProcessBuilder("sleep", "600").start();
            started.add(sleep);
            if (sleep.pid() == pid) {
                return hostProcess(pid);
            }
        }
        return null;
    }

    @Test
    void runsOnTheOtherNodeShowRunningWithTheirNodeAndAbortStopsThemThroughSlurmOnly() throws Exception {
        lab.defaults("release: " + dir.resolve("never") + "\nplan: hang,hang\nchildren: 1\n");
        Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "2", "--slurm", "--sbatch-arg=--nodelist=" + node).expect(0);
        Experiment experiment = lab.only();
        Bin.await("both runs to start", 120, () -> experiment.runs().stream().filter(Records::started).count() == 2);
        List<long[]> sentinels = new ArrayList<>();
        for (Run run : experiment.runs()) {
            RunRecord record = Records.record(run);
            assertEquals(node, record.start().host(), "the run's record names the node it runs on");
            long[] sentinel = hostProcessWithPid(record.start().pid());
            if (sentinel != null) {
                sentinels.add(sentinel);
            }
        }
        assertFalse(sentinels.isEmpty(), "a process of this host carries a pid the runs recorded on " + node);
        // Over several views of Slurm (2 s each here): running, never lost, though no such process runs here.
        for (int i = 0; i < 4; i++) {
            Map<String, Object> status = status(experiment);
            assertEquals(2, count(status, "running"), status.toString());
            assertEquals(0, count(status, "lost"), status.toString());
            Thread.sleep(1500);
        }
        String procs = Bin.run(dir, "liftoff-procs").expect(0).out();
        assertTrue(procs.contains(node), "procs shows the node of each run:\n" + procs);

        Bin.Result abort = Bin.run(dir, "liftoff-abort", experiment.dir().toString(), "-y").expect(0);
        assertTrue(abort.out().contains("cancelled Slurm job"), abort.out());
        Bin.await("both runs to be aborted", 90, () -> Records.states(experiment).equals(Map.of(RunState.ABORTED, 2L)));
        for (long[] sentinel : sentinels) {
            long[] now = hostProcess(sentinel[0]);
            assertTrue(now != null && now[1] == sentinel[1], "this host's process " + sentinel[0] + " was never signalled");
        }
    }

    @Test
    void retriesAndALocalLauncherShareTheWorkWithTheOtherNode() throws Exception {
        // Each run fails its first attempt; --retries 1 runs it again inside its task, on the node.
        Path flaky = TestFiles.write(dir.resolve("flaky.sh"), "[ \"$LIFTOFF_ATTEMPT\" = 1 ] && exit 3\n"
                + "echo \"$HOSTNAME\" > \"$LIFTOFF_RUN_DIR/host\"\nsleep 2\n");
        TestFiles.write(lab.configs.resolve("grid/default.yaml"), "a: 0\n");
        TestFiles.write(lab.configs.resolve("grid/config.yaml"), "a: [1, 2, 3, 4, 5, 6]\n");
        Bin.run(dir, "liftoff-prepare", "grid").expect(0);
        Process slurm = Bin.start(dir, dir.resolve("slurm.log"), "liftoff", flaky.toString(), "-e", "grid",
                "--slurm", "--procs-no", "2", "--retries", "1", "--sbatch-arg=--nodelist=" + node, "--wait");
        started.add(slurm);
        Bin.await("the experiment", 60, () -> !lab.experiments().isEmpty());
        Experiment experiment = lab.only();
        Bin.await("a run to start on " + node, 120, () -> experiment.runs().stream().anyMatch(Records::started));
        Bin.Result local = Bin.run(dir, "liftoff", flaky.toString(), experiment.dir().toString(), "--procs-no", "1",
                "--retries", "1");
        assertTrue(slurm.waitFor(240, TimeUnit.SECONDS), "the submission ends");
        assertEquals(0, slurm.exitValue(), TestFiles.read(dir.resolve("slurm.log")));
        assertEquals(0, local.exitCode(), local.out() + local.err());
        assertEquals(Map.of(RunState.DONE, 6L), Records.states(experiment));
        Set<String> hosts = new HashSet<>();
        for (Run run : experiment.runs()) {
            RunRecord record = Records.record(run);
            assertEquals(2, record.launch().attempt(), "failed once, retried once, done: " + run.name());
            String host = TestFiles.read(run.folder().resolve("host")).strip();
            assertEquals(host, record.start().host(), "the record names where the run ran");
            hosts.add(host);
        }
        assertEquals(Set.of(node, Host.name()), hosts, "both launchers ran some of the runs, each run once");
    }

    @Test
    void cleanPutsAsideRunsThatFailedOnTheOtherNodeAndTheyRunThereAgain() throws Exception {
        Path flaky = TestFiles.write(dir.resolve("flaky.sh"), "[ \"$LIFTOFF_ATTEMPT\" = 1 ] && exit 3\necho again\n");
        Bin.run(dir, "liftoff", flaky.toString(), "--runs-no", "2", "--slurm", "--sbatch-arg=--nodelist=" + node, "--wait")
                .expect(1);
        Experiment experiment = lab.only();
        assertEquals(Map.of(RunState.CRASHED, 2L), Records.states(experiment));
        // Clean leaves a run alone until Slurm says its task has ended (accounting, or the view's bound after it left).
        Bin.await("clean to reset both runs", 90, () -> {
            Bin.run(dir, "liftoff-clean", experiment.dir().toString(), "--do").expect(0);
            boolean reset = Records.states(experiment).equals(Map.of(RunState.PENDING, 2L));
            if (!reset) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            }
            return reset;
        });
        Bin.run(dir, "liftoff", flaky.toString(), experiment.dir().toString(), "--slurm", "--sbatch-arg=--nodelist=" + node,
                "--wait").expect(0);
        for (Run run : experiment.runs()) {
            RunRecord record = Records.record(run);
            assertEquals(RunState.DONE, Records.state(experiment, run));
            assertEquals(2, record.launch().attempt(), "the failed attempt was put aside: " + run.name());
            assertTrue(Files.exists(run.attempts().resolve("1")), run.name());
            assertEquals(node, record.start().host());
        }
        assertNotEquals(Host.name(), node);
    }
}
