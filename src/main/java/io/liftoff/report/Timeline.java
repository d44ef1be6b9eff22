package io.liftoff.report;

import io.liftoff.store.RunState;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report shows, as plain data: the experiment, its runs with their times, the slots
 * they ran on, the status summary and the crash groups. Whoever reads the store fills it; the
 * report itself never touches the disk.
 *
 * @param experiment the experiment's name, shown as the title
 * @param folder the experiment folder, shown under the title
 * @param nowMillis when the report is made (epoch ms): running runs reach up to it
 * @param zone the time zone of the time axis' wall-clock labels
 * @param summary counts per state, progress and times, as the status command shows them
 * @param gpus the GPUs runs could get, with the cap of runs per GPU, in the order to show them; empty
 *     when runs got no GPU (a GPU that a run names and this list lacks still gets its lanes)
 * @param cpuSlots runs at once without GPUs (the parallelism), or 0 when unknown; ignored with GPUs
 * @param runs one entry per attempt of a run; entries that never started draw no bar
 * @param crashGroups why runs crashed, most frequent first
 * @param curves the metrics runs reported, as learning curves (none when they reported nothing)
 */
public record Timeline(String experiment, Path folder, long nowMillis, ZoneId zone, Summary summary,
        List<Gpu> gpus, int cpuSlots, List<Run> runs, List<CrashGroup> crashGroups, List<Curves> curves) {

    public Timeline {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(summary, "summary");
        gpus = List.copyOf(gpus);
        runs = List.copyOf(runs);
        crashGroups = List.copyOf(crashGroups);
        curves = List.copyOf(curves);
    }

    /** A timeline whose runs reported no metrics. */
    public Timeline(String experiment, Path folder, long nowMillis, ZoneId zone, Summary summary, List<Gpu> gpus, int cpuSlots,
            List<Run> runs, List<CrashGroup> crashGroups) {
        this(experiment, folder, nowMillis, zone, summary, gpus, cpuSlots, runs, crashGroups, List.of());
    }

    /**
     * One attempt of a run.
     *
     * @param name the run's folder name below the experiment, e.g. {@code 0003_x_1/2}
     * @param title what the run is, e.g. {@code x=1; yz.y=10}
     * @param gpu the GPU it was pinned to, or null without GPUs
     * @param startMillis when it started (epoch ms), or -1 when it never did
     * @param endMillis when it ended (epoch ms), or -1 while it runs or when its end is unknown
     * @param exitCode its exit code, or null while it runs or when none was recorded
     * @param attempt 1 for the first attempt, 2 for the first retry, ...
     */
    public record Run(String name, String title, RunState state, Integer gpu, long startMillis, long endMillis,
            Integer exitCode, int attempt) {
        public Run {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(state, "state");
        }

        public boolean started() {
            return startMillis >= 0;
        }
    }

    /**
     * A GPU and how many runs may share it.
     *
     * @param cap runs at once on it ({@code --per-gpu}), or 0 when unknown
     */
    public record Gpu(int id, int cap) {
    }

    /**
     * The status summary.
     *
     * @param counts runs per state; missing states count 0
     * @param progress ended runs over runs not held, from 0 to 1
     * @param elapsedSeconds wall time so far, or -1 when unknown
     * @param etaSeconds time left, or -1 when unknown
     */
    public record Summary(Map<RunState, Integer> counts, double progress, long elapsedSeconds, long etaSeconds) {
        public Summary {
            Map<RunState, Integer> copy = new EnumMap<>(RunState.class);
            copy.putAll(counts);
            counts = Collections.unmodifiableMap(copy);
        }

        public int count(RunState state) {
            return counts.getOrDefault(state, 0);
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Runs that crashed the same way.
     *
     * @param kind e.g. out of memory, timed out, signal, error exit
     * @param message the error line they share
     * @param example the {@code err} file of one of them
     */
    public record CrashGroup(String kind, String message, int count, Path example) {
    }
}
