package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.TestFiles;
import io.liftoff.process.LiveProcesses;
import io.liftoff.slurm.SlurmCli;
import io.liftoff.slurm.SlurmQueue;
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
 * The Slurm backend against a real slurmctld/slurmd with four fake GPUs (.ci/slurm/start): runs
 * through bin/ as a user would. Skipped, loudly, where no cluster answers {@code scontrol ping}.
 */
@Tag("slurm")
class SlurmIT {
    @TempDir
    Path dir;

    Lab lab;
    Path fixture;
    final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void needsACluster() throws Exception {
        Process ping = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
        String said = new String(ping.getInputStream().readAllBytes());
        boolean up = ping.waitFor(20, TimeUnit.SECONDS) && ping.exitValue() == 0 && said.contains("UP");
        if (!up) {
            System.err.println("SKIPPED SlurmIT: no Slurm cluster answers `scontrol ping` (start one with .ci/slurm/start)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(up, "no Slurm cluster: start one with .ci/slurm/start");
    }

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        fixture = Files.copy(Lab.fixture("fixture.py"), dir.resolve("fixture.py"));
        lab.defaults("log: " + lab.log + "\nsleep: 1\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        started.forEach(p -> p.destroyForcibly());
        SlurmJobs.cancelAll(lab);
    }

    private Process launch(String log, String... args) {
        List<String> all = new ArrayList<>(List.of(fixture.toString()));
        all.addAll(List.of(args));
        Process process = Bin.start(dir, dir.resolve(log), "liftoff", all.toArray(String[]::new));
        started.add(process);
        return process;
    }

    private Map<String, Object> status() {
        String json = Bin.run(dir, "liftoff-status", "-a", "--json").expect(0).out();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) io.liftoff.store.Json.readObject(
                TestFiles.write(dir.resolve("status.json"), "{\"list\": " + json + "}")).get("list");
        return list.get(0);
    }

    /** Every small file of an experiment (records, journal, task logs) with its path: what a failure's message shows. */
    private static String everyFile(Path experiment) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(experiment)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && f.toFile().length() < 20_000).sorted().toList()) {
                all.append("\n--- ").append(experiment.relativize(file)).append('\n').append(TestFiles.read(file));
            }
        }
        return all.toString();
    }

    private static long count(Map<String, Object> status, String key) {
        return ((Number) status.get(key)).longValue();
    }

    @Test
    void aGridRunsAsAThrottledArrayEachRunOnceWithItsOwnGpu() throws Exception {
        TestFiles.write(lab.configs.resolve("grid/default.yaml"), "a: 0\nb: 0\nlog: " + lab.log + "\nsleep: 3\n");
        TestFiles.write(lab.configs.resolve("grid/config.yaml"), "a: [1, 2, 3]\nb: [1, 2, 3]\n");
        Bin.run(dir, "liftoff-prepare", "grid").expect(0);
        Process launcher = launch("launch.log", "-e", "grid", "--runs-no", "2", "--slurm", "--procs-no", "4",
                "--gpus-per-run", "1", "--wait");
        Bin.await("an experiment", 60, () -> !lab.experiments().isEmpty());
        boolean sawQueued = false;
        boolean sawRunning = false;
        while (launcher.isAlive() && !(sawQueued && sawRunning)) {
            Map<String, Object> status = status();
            sawQueued |= count(status, "queued") > 0;
            sawRunning |= count(status, "running") > 0;
            Thread.sleep(300);
        }
        assertTrue(launcher.waitFor(240, TimeUnit.SECONDS), "the submission ends");
        String said = TestFiles.read(dir.resolve("launch.log"));
        assertEquals(0, launcher.exitValue(), said);
        assertTrue(sawQueued && sawRunning, "status showed queued and running runs while it went");
        Experiment experiment = lab.only();
        assertEquals(Map.of(RunState.DONE, 18L), Records.states(experiment));
        List<Lab.Execution> executions = lab.executions();
        assertEquals(18, executions.size(), said);
        assertEquals(18, executions.stream().map(Lab.Execution::outDir).distinct().count(), "each run executed once");
        assertTrue(Lab.maxOverlap(executions) <= 4, "never more than --procs-no at once: " + Lab.maxOverlap(executions));
        for (Lab.Execution a : executions) {
            assertTrue(a.gpu().matches("[0-3]"), "each run got one GPU: " + a.gpu());
            for (Lab.Execution b : executions) {
                boolean overlap = a != b && a.startMillis() < b.endMillis() && b.startMillis() < a.endMillis();
                assertTrue(!overlap || !a.gpu().equals(b.gpu()), "two runs at once on GPU " + a.gpu());
            }
        }
        if (SlurmCli.maxArraySize() < 18) {
            assertTrue(said.contains(", then job "), "18 tasks beyond MaxArraySize are split into chained arrays:\n" + said);
        }
        RunRecord record = Records.record(experiment.runs().get(0));
        assertTrue(record.owner().startsWith("slurm-") && record.launch().task().matches("\\d+_\\d+"), record.launch().toString());
        assertTrue(TestFiles.read(experiment.runs().get(0).out()).contains("run 0 of"), "the run's output is where a local run's is");
    }

    @Test
    void abortCancelsTheJobsStopsEveryProcessAndRecordsAbortedRuns() throws Exception {
        lab.defaults("release: " + dir.resolve("never") + "\nplan: hang,hang,hang,hang,hang,hang\nchildren: 1\n");
        Bin.Result submitted = Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "6", "--slurm", "--procs-no", "2").expect(0);
        assertTrue(submitted.out().contains("submitted 6 runs") && submitted.out().contains("liftoff-abort"), submitted.out());
        Experiment experiment = lab.only();
        Bin.await("two runs to start", 120, () -> experiment.runs().stream().filter(Records::started).count() == 2);
        Bin.await("their children", 30, () -> experiment.runs().stream().filter(Records::started)
                .allMatch(r -> Files.exists(r.folder().resolve("children"))));
        String procs = Bin.run(dir, "liftoff-procs").expect(0).out();
        assertTrue(procs.contains("Slurm submission slurm-") && procs.contains("2 running"), procs);

        Bin.Result abort = Bin.run(dir, "liftoff-abort", "-y").expect(0);
        assertTrue(abort.out().contains("cancelled Slurm job"), abort.out());
        Bin.await("the tasks to leave the queue", 60, () -> {
            try {
                return !SlurmJobs.queued(SlurmJobs.of(lab));
            } catch (SlurmCli.Unreachable e) {
                return false;
            }
        });
        Bin.await("every process of the runs to end", 60, () -> experiment.runs().stream()
                .allMatch(r -> new LiveProcesses().ofRun(r.folder().toString()).isEmpty()));
        // The shared view of Slurm sees the cancelled tasks gone within an interval.
        Bin.await("the unclaimed runs to be pending again", 30,
                () -> Records.states(experiment).equals(Map.of(RunState.ABORTED, 2L, RunState.PENDING, 4L)));
    }

    @Test
    void aTermIgnoringScriptKilledByItsTimeLimitShowsTimeout() throws Exception {
        Path stubborn = TestFiles.write(dir.resolve("stubborn.sh"), "trap '' TERM\nsleep 600\n");
        Bin.Result result = Bin.run(dir, "liftoff", stubborn.toString(), "--slurm", "--time", "1", "--wait").expect(1);
        Experiment experiment = lab.only();
        // Accounting trails the queue: the run is "ending" until sacct (asked at most every 3 intervals) says why.
        Bin.await("the run to be lost", 60, () -> Records.state(experiment, experiment.runs().get(0)) == RunState.LOST);
        String crashes = Bin.run(dir, "liftoff-status", "-a", "--crashes").expect(0).out();
        assertTrue(crashes.contains("TIMEOUT"), result.out() + crashes);
        assertEquals(RunState.LOST, Records.state(experiment, experiment.runs().get(0)));
    }

    @Test
    void aPreemptedRunIsRequeuedAndResumesFromItsCheckpoint() throws Exception {
        Path resumable = TestFiles.write(dir.resolve("resumable.py"), String.join("\n",
                "import os, signal, sys, time",
                "from liftoff import parse_opts",
                "opts = parse_opts()",
                "checkpoint = os.path.join(opts.out_dir, 'checkpoint')",
                "step = int(open(checkpoint).read()) if os.path.exists(checkpoint) else 0",
                "print('from step', step, 'attempt', os.environ['LIFTOFF_ATTEMPT'], flush=True)",
                "def save(*_):",
                "    open(checkpoint, 'w').write(str(step))",
                "    sys.exit(143)",
                "signal.signal(signal.SIGTERM, save)",
                "while step < 20:",
                "    step += 1",
                "    time.sleep(0.5)",
                "open(checkpoint, 'w').write(str(step))",
                "with open(os.path.join(opts.out_dir, 'finished'), 'a') as f: f.write('once\\n')",
                ""));
        Bin.run(dir, "liftoff", resumable.toString(), "--slurm", "--gpus-per-run", "4").expect(0);
        Experiment experiment = lab.only();
        Run run = experiment.runs().get(0);
        Bin.await("the run to start", 120, () -> Records.started(run));
        Thread.sleep(2000);
        // Its log, and any Slurm writes in the folder it was submitted from, go to the test's folder, never the working tree.
        Process urgent = new ProcessBuilder("sbatch", "--parsable", "-p", "urgent", "--gres=gpu:4",
                "--output=" + dir.resolve("slurm-%j.out"), "--wrap", "sleep 3")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String urgentJob = new String(urgent.getInputStream().readAllBytes()).strip();
        assertEquals(0, urgent.waitFor());
        Bin.await("the run to be requeued", 120, () -> Records.state(experiment, run) == RunState.REQUEUED);
        String task = Records.record(run).launch().task();
        // Skip Slurm's hold of about two minutes before a requeued task may start again.
        Bin.await("the urgent job to end", 120, () -> {
            try {
                return !SlurmJobs.queued(List.of(urgentJob));
            } catch (SlurmCli.Unreachable e) {
                return false;
            }
        });
        new ProcessBuilder("scontrol", "update", "JobId=" + task, "StartTime=now").start().waitFor();
        Bin.await("the run to end", 180, () -> Records.state(experiment, run) == RunState.DONE);
        assertEquals("once\n", TestFiles.read(run.folder().resolve("finished")), "executed to its end once");
        assertTrue(TestFiles.read(run.out()).matches("(?s)from step [1-9]\\d* attempt 2\\n"), TestFiles.read(run.out()));
        assertTrue(Files.exists(run.attempts().resolve("1").resolve("out")), "the interrupted attempt was kept");
        assertEquals(2, Records.record(run).launch().attempt());
    }

    @Test
    void theSignalReachesTheScriptBeforeItsTimeLimit() throws Exception {
        Path waiter = TestFiles.write(dir.resolve("waiter.sh"), String.join("\n",
                "trap 'echo got USR2; exit 0' USR2",
                "for i in $(seq 600); do sleep 0.2; done",
                "exit 5",
                ""));
        Bin.run(dir, "liftoff", waiter.toString(), "--slurm", "--time", "1", "--signal", "USR2@40", "--wait").expect(0);
        Run run = lab.only().runs().get(0);
        assertEquals("got USR2\n", TestFiles.read(run.out()));
        assertEquals(RunState.DONE, Records.state(lab.only(), run));
    }

    @Test
    void aRunCutShortByItsTimeLimitIsRequeuedAndResumesUntilDone() throws Exception {
        // 60 s of work, a checkpoint every 5 s and on USR2, which it exits 0 on: one 1-minute task cannot finish it.
        Path resumable = TestFiles.write(dir.resolve("resumable.sh"), String.join("\n",
                "ck=$LIFTOFF_RUN_DIR/checkpoint",
                "step=$(cat \"$ck\" 2>/dev/null || echo 0)",
                "echo \"attempt $LIFTOFF_ATTEMPT from $step\" >> \"$LIFTOFF_RUN_DIR/attempts\"",
                "trap 'echo $step > \"$ck\"; exit 0' USR2",
                "while [ \"$step\" -lt 60 ]; do",
                "  sleep 1 & wait $!",
                "  step=$((step + 1))",
                "  [ $((step % 5)) -eq 0 ] && echo $step > \"$ck\"",
                "done",
                "echo finished >> \"$LIFTOFF_RUN_DIR/attempts\"",
                ""));
        // --wait looks at the queue every few seconds: the first look at a requeued task lifts Slurm's hold.
        Process launcher = Bin.start(dir, dir.resolve("launch.log"), Map.of("LIFTOFF_SLURM_INTERVAL", "2"), "liftoff",
                resumable.toString(), "--slurm", "--time", "1", "--signal", "USR2@15", "--requeue-on-timeout", "5", "--wait");
        started.add(launcher);
        assertTrue(launcher.waitFor(480, TimeUnit.SECONDS), "the run ends within 8 minutes");
        Experiment experiment = lab.only();
        String said = TestFiles.read(dir.resolve("launch.log")) + everyFile(experiment.dir());
        assertEquals(0, launcher.exitValue(), said);
        Run run = experiment.runs().get(0);
        assertEquals(RunState.DONE, Records.state(experiment, run), said);
        List<String> lines = TestFiles.read(run.folder().resolve("attempts")).lines().toList();
        assertEquals("finished", lines.get(lines.size() - 1), lines.toString());
        List<String> attempts = lines.subList(0, lines.size() - 1);
        assertTrue(attempts.size() >= 2, "one task cannot do 60 s of work in a minute: " + lines);
        int from = -1;
        for (int i = 0; i < attempts.size(); i++) {
            String[] words = attempts.get(i).split(" ");
            assertEquals("attempt " + (i + 1), words[0] + " " + words[1], "LIFTOFF_ATTEMPT 1, 2, ... in turn: " + lines);
            int step = Integer.parseInt(words[3]);
            assertTrue(step > from, "each attempt resumes from a later checkpoint: " + lines);
            from = step;
        }
        assertEquals(attempts.size(), Records.record(run).launch().attempt());
        for (int i = 1; i < attempts.size(); i++) {
            assertTrue(Files.exists(run.attempts().resolve(Integer.toString(i)).resolve("out")), "attempt " + i + " kept");
        }
    }

    @Test
    void withoutAccountingOrWithSlurmDownStatusSaysSoAndTurnsNothingLost() throws Exception {
        lab.defaults("release: " + dir.resolve("release") + "\nplan: hang\n");
        Bin.run(dir, "liftoff", fixture.toString(), "--slurm").expect(0);
        Experiment experiment = lab.only();
        Bin.await("the run to start", 120, () -> Records.started(experiment.runs().get(0)));
        Path fake = Files.createDirectories(dir.resolve("fake-bin"));
        for (String command : List.of("squeue", "sacct")) {
            TestFiles.write(fake.resolve(command), "#!/bin/sh\necho 'slurm_load_jobs error: Unable to contact slurm controller' >&2\nexit 1\n")
                    .toFile().setExecutable(true);
        }
        ProcessBuilder builder = Bin.builder(dir, "liftoff-status", List.of("-a", "--runs"));
        builder.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        // Asks now, whatever the shared view's age: the failure itself is what this test looks at.
        builder.environment().put("LIFTOFF_SLURM_INTERVAL", "0");
        Process status = builder.start();
        String out = new String(status.getInputStream().readAllBytes());
        String err = new String(status.getErrorStream().readAllBytes());
        assertEquals(0, status.waitFor());
        assertTrue(err.contains("Slurm unreachable"), err);
        assertTrue(out.contains("running"), "a run whose task cannot be asked about is not called lost:\n" + out);
        TestFiles.write(dir.resolve("release"), "");
        Bin.await("the run to end", 60, () -> Records.done(experiment.runs().get(0)));
        Bin.await("Slurm to answer again", 30, () -> SlurmQueue.of(experiment, true).problem() == null);
    }

    @Test
    void eachTaskPrunesTheRunItRunsAsALocalLauncherWould() throws Exception {
        // Run r reports loss (r+1)/step, each step slower for a worse run: the worst reaches its first rung last.
        Path curve = TestFiles.write(dir.resolve("curve.sh"), "#!/bin/bash\n"
                + "r=${LIFTOFF_RUN_DIR##*/}\n"
                + "for s in $(seq 1 20); do\n"
                + "  sleep \"$(awk -v r=\"$r\" 'BEGIN { print 0.1 * (r + 1) * (r + 1) }')\"\n"
                + "  echo \"{\\\"step\\\": $s, \\\"loss\\\": $(awk -v r=\"$r\" -v s=\"$s\" 'BEGIN { print (r + 1) / s }')}\" >> \"$LIFTOFF_METRICS\"\n"
                + "done\n");
        curve.toFile().setExecutable(true);
        Bin.Result result = Bin.run(dir, "liftoff", curve.toString(), "--runs-no", "4", "--slurm", "--procs-no", "4",
                "--prune", "asha", "--metric", "loss", "--grace-step", "2", "--reduction", "2", "--max-step", "20", "--wait")
                .expect(0);
        Map<String, Object> status = status();
        assertTrue(count(status, "pruned") >= 1, result.out() + status);
        Experiment experiment = lab.only();
        assertEquals(RunState.PRUNED, Records.state(experiment, experiment.variations().get(0).run(3)), "the worst, slowest run: " + status);
        assertEquals(RunState.DONE, Records.state(experiment, experiment.variations().get(0).run(0)), "the best one: " + status);
    }

    @Test
    void runsPerTaskLetsFewTasksRunManyShortRuns() throws Exception {
        lab.defaults("log: " + lab.log + "\n");
        Bin.Result result = Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "12", "--slurm", "--procs-no", "3",
                "--runs-per-task", "4", "--wait").expect(0);
        assertTrue(result.out().contains("array 0-2%3") && result.out().contains("4 runs per task"), result.out());
        assertEquals(12, lab.executions().stream().map(Lab.Execution::outDir).distinct().count());
        Set<String> tasks = new HashSet<>();
        lab.only().runs().forEach(r -> tasks.add(Records.record(r).launch().task()));
        assertTrue(tasks.size() <= 3, "three tasks ran the twelve runs: " + tasks);
    }
}
