package io.liftoff.report;

import io.liftoff.report.Timeline.CrashGroup;
import io.liftoff.report.Timeline.Gpu;
import io.liftoff.report.Timeline.Run;
import io.liftoff.report.Timeline.Summary;
import io.liftoff.store.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Timelines the tests draw: small ones with every outcome, the README's example grid, and a large one. */
final class Timelines {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final long T0 = Instant.parse("2025-03-14T09:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    private Timelines() {
    }

    static Run run(String name, RunState state, Integer gpu, long start, long end, Integer exit) {
        return new Run(name, "x=" + name.replaceAll("[^a-z]", ""), state, gpu, start, end, exit, 1);
    }

    static Run ended(String name, RunState state, Integer gpu, long startMinute, long endMinute, Integer exit) {
        return run(name, state, gpu, T0 + startMinute * MINUTE, T0 + endMinute * MINUTE, exit);
    }

    static Run pending(String name) {
        return run(name, RunState.PENDING, null, -1, -1, null);
    }

    static Summary summaryOf(List<Run> runs, long elapsedSeconds, long etaSeconds) {
        Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
        int ended = 0;
        int notHeld = 0;
        for (Run run : runs) {
            counts.merge(run.state(), 1, Integer::sum);
            switch (run.state()) {
                case DONE, CRASHED, TIMED_OUT, LOST, ABORTED -> ended++;
                default -> { }
            }
            if (run.state() != RunState.HELD) {
                notHeld++;
            }
        }
        return new Summary(counts, notHeld == 0 ? 1 : (double) ended / notHeld, elapsedSeconds, etaSeconds);
    }

    static Timeline of(long now, List<Gpu> gpus, int cpuSlots, List<Run> runs, List<CrashGroup> crashes) {
        return new Timeline("test", Path.of("/results/2025Mar14-090000_test"), now, UTC,
                summaryOf(runs, (now - T0) / 1000, -1), gpus, cpuSlots, runs, crashes);
    }

    static List<Gpu> gpus(int count, int cap) {
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            gpus.add(new Gpu(i, cap));
        }
        return gpus;
    }

    /**
     * Four GPUs, one run at a time on each, a dozen runs with every outcome, and runs that never
     * started. The Chromium test knows which outcome lies where.
     */
    static Timeline everyOutcome() {
        List<Run> runs = List.of(
                ended("0000_a/0", RunState.DONE, 0, 0, 20, 0),
                ended("0001_b/0", RunState.CRASHED, 0, 20, 26, 1),
                ended("0002_c/0", RunState.DONE, 0, 26, 60, 0),
                ended("0003_d/0", RunState.TIMED_OUT, 1, 0, 30, 124),
                ended("0004_e/0", RunState.DONE, 1, 30, 52, 0),
                run("0005_f/0", RunState.RUNNING, 1, T0 + 52 * MINUTE, -1, null),
                ended("0006_g/0", RunState.ABORTED, 2, 0, 15, 143),
                ended("0007_h/0", RunState.DONE, 2, 15, 44, 0),
                ended("0008_i/0", RunState.LOST, 2, 44, 58, null),
                ended("0009_j/0", RunState.DONE, 3, 0, 25, 0),
                ended("0010_k/0", RunState.CRASHED, 3, 25, 40, 137),
                run("0011_l/0", RunState.RUNNING, 3, T0 + 40 * MINUTE, -1, null),
                pending("0012_m/0"),
                pending("0013_n/0"));
        List<CrashGroup> crashes = List.of(
                new CrashGroup("error (exit 1)", "ValueError: bad value <n> for lr", 1,
                        Path.of("/results/2025Mar14-090000_test/0001_b/0/err")),
                new CrashGroup("out of memory? (killed by SIGKILL)", "(no error output)", 1,
                        Path.of("/results/2025Mar14-090000_test/0010_k/0/err")));
        return of(T0 + 75 * MINUTE, gpus(4, 1), 0, runs, crashes);
    }

    /** The README's grid, {@code configs/test_experiment} (x × yz.y, 9 variations), 4 runs each on 4 GPUs × 2. */
    static Timeline exampleGrid() {
        Random random = new Random(7);
        List<Run> runs = new ArrayList<>();
        long now = T0 + 97 * MINUTE;
        long[] free = new long[8];
        int index = 0;
        for (int x = 1; x <= 3; x++) {
            for (int y = 10; y <= 30; y += 10) {
                for (int r = 0; r < 4; r++) {
                    String name = String.format("%04d_x_%d__y_%d/%d", index / 4, x, y, r);
                    String title = "x=" + x + "; yz.y=" + y;
                    int slot = 0;
                    for (int s = 1; s < free.length; s++) {
                        if (free[s] < free[slot]) {
                            slot = s;
                        }
                    }
                    int gpu = slot / 2;
                    long start = T0 + free[slot] + 4000 + random.nextInt(20_000);
                    long length = (long) ((14 + 6 * x + random.nextGaussian() * 4) * MINUTE);
                    RunState state = RunState.DONE;
                    Integer exit = 0;
                    if (index == 5 || index == 17) {
                        state = RunState.CRASHED;
                        exit = 1;
                        length /= 4;
                    } else if (index == 13) {
                        state = RunState.TIMED_OUT;
                        exit = 124;
                        length = 45 * MINUTE;
                    } else if (index == 22) {
                        state = RunState.ABORTED;
                        exit = 143;
                        length /= 2;
                    }
                    long end = start + length;
                    if (start >= now) {
                        runs.add(new Run(name, title, RunState.PENDING, null, -1, -1, null, 1));
                    } else if (end >= now) {
                        runs.add(new Run(name, title, RunState.RUNNING, gpu, start, -1, null, 1));
                        free[slot] = Long.MAX_VALUE / 4;
                    } else {
                        runs.add(new Run(name, title, state, gpu, start, end, exit, 1));
                        free[slot] = end - T0;
                    }
                    index++;
                }
            }
        }
        List<CrashGroup> crashes = List.of(
                new CrashGroup("error (exit 1)", "ValueError: bad value <n> for the learning rate", 2,
                        Path.of("/home/me/results/2025Mar14-090000_test_experiment/0001_x_1__y_20/1/err")),
                new CrashGroup("timed out", "(no error output)", 1,
                        Path.of("/home/me/results/2025Mar14-090000_test_experiment/0003_x_2__y_10/1/err")));
        Summary summary = summaryOf(runs, (now - T0) / 1000, 31 * 60);
        return new Timeline("test_experiment", Path.of("/home/me/results/2025Mar14-090000_test_experiment"), now, UTC,
                summary, gpus(4, 2), 0, runs, crashes);
    }

    /** {@code count} runs of 1 to 20 minutes on 8 GPUs × 2, one in ten crashed, long titles. */
    static Timeline large(int count) {
        Random random = new Random(42);
        List<Run> runs = new ArrayList<>();
        long[] free = new long[16];
        RunState[] failures = {RunState.CRASHED, RunState.TIMED_OUT, RunState.ABORTED, RunState.LOST};
        for (int i = 0; i < count; i++) {
            int slot = i % free.length;
            long start = T0 + free[slot] + random.nextInt(5000);
            long end = start + MINUTE + random.nextInt(19 * (int) MINUTE);
            free[slot] = end - T0;
            RunState state = random.nextInt(10) == 0 ? failures[random.nextInt(failures.length)] : RunState.DONE;
            String title = "optim.lr=" + random.nextDouble() + "; model.layers=" + random.nextInt(48)
                    + "; data.augment=<random & \"crop\">";
            runs.add(new Run(String.format("%04d_%s/%d", i / 4, "optim.lr_" + i, i % 4), title, state, slot / 2,
                    start, state == RunState.LOST ? -1 : end, state == RunState.DONE ? 0 : 1, 1));
        }
        long now = runs.stream().mapToLong(Run::endMillis).max().orElse(T0) + MINUTE;
        return of(now, gpus(8, 2), 0, runs, List.of());
    }

    /** {@code slots} CPU slots (thin lanes past {@link Chart#MANY_LANES}), each running a few runs, the last still going. */
    static Timeline cpu(int slots) {
        Random random = new Random(5);
        List<Run> runs = new ArrayList<>();
        long now = T0 + 60 * MINUTE;
        for (int slot = 0; slot < slots; slot++) {
            long start = T0 + random.nextInt(60_000);
            while (start < now) {
                long end = start + 5 * MINUTE + random.nextInt(20 * (int) MINUTE);
                String name = String.format("%04d_seed_%d/0", runs.size(), runs.size());
                if (end >= now) {
                    runs.add(new Run(name, "seed=" + runs.size(), RunState.RUNNING, null, start, -1, null, 1));
                } else {
                    RunState state = random.nextInt(8) == 0 ? RunState.CRASHED : RunState.DONE;
                    runs.add(new Run(name, "seed=" + runs.size(), state, null, start, end, state == RunState.DONE ? 0 : 1, 1));
                }
                start = end + random.nextInt(3000);
            }
        }
        return of(now, List.of(), slots, runs, List.of());
    }

    /**
     * {@link #everyOutcome} with learning curves: {@code loss} falling for four runs, the third lowest at
     * the end (the best), the fourth pruned at step 3; {@code acc} for one run.
     */
    static Timeline withCurves() {
        Timeline base = everyOutcome();
        List<Curves.Line> losses = List.of(
                new Curves.Line("0000_a/0", RunState.DONE, new double[] {1, 2, 3, 4, 5}, new double[] {1.0, 0.8, 0.7, 0.65, 0.6}),
                new Curves.Line("0001_b/0", RunState.DONE, new double[] {1, 2, 3, 4, 5}, new double[] {1.2, 0.9, 0.8, 0.75, 0.7}),
                new Curves.Line("0002_c/0", RunState.DONE, new double[] {1, 2, 3, 4, 5}, new double[] {0.9, 0.6, 0.4, 0.3, 0.2}),
                new Curves.Line("0003_d/0", RunState.PRUNED, new double[] {1, 2, 3}, new double[] {1.5, 1.4, 1.35}));
        List<Curves.Line> accuracy = List.of(
                new Curves.Line("0000_a/0", RunState.DONE, new double[] {1, 5}, new double[] {0.5, 0.9}));
        return new Timeline(base.experiment(), base.folder(), base.nowMillis(), base.zone(), base.summary(), base.gpus(),
                base.cpuSlots(), base.runs(), base.crashGroups(), List.of(new Curves("loss", true, losses, 2),
                        new Curves("acc", false, accuracy, 0)));
    }
}
