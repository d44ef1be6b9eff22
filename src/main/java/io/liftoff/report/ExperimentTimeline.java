package io.liftoff.report;

import io.liftoff.LiftoffException;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.YamlFiles;
import io.liftoff.inspect.CrashGroups;
import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.QueueView;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link Timeline} from an experiment's records: one bar per attempt of each run (the current
 * one from status, earlier ones from {@code .__attempts/<run>/<N>/record}), the status summary, the
 * crash groups and the learning curves of the metrics the runs reported.
 */
public final class ExperimentTimeline {
    /**
     * The slots runs could have had: GPUs with their caps ({@code --gpus}, {@code --per-gpu}), or the
     * number of runs at once without GPUs ({@code --procs-no}). {@link #UNKNOWN} lets the runs' own
     * GPUs and overlaps decide.
     */
    public record Slots(List<Timeline.Gpu> gpus, int cpuSlots) {
        public static final Slots UNKNOWN = new Slots(List.of(), 0);

        public Slots {
            gpus = List.copyOf(gpus);
        }
    }

    private ExperimentTimeline() {
    }

    public static Timeline read(Experiment experiment, Slots slots, LiveProcesses processes, long nowMillis, ZoneId zone) {
        ExperimentStatus status = StatusScanner.scan(experiment, true, processes, QueueView.NONE);
        Map<Path, String> titles = new HashMap<>();
        List<Timeline.Run> runs = new ArrayList<>();
        for (RunView view : status.runs()) {
            Run run = view.run();
            String title = titles.computeIfAbsent(run.variationPath(), ExperimentTimeline::title);
            String[] archived = run.attempts().toFile().list();
            if (archived != null) {
                List<Integer> numbers = new ArrayList<>();
                for (String name : archived) {
                    if (Layout.isRunId(name)) {
                        numbers.add(Integer.parseInt(name));
                    }
                }
                numbers.sort(null);
                for (int number : numbers) {
                    Path folder = run.attempts().resolve(Integer.toString(number));
                    RunRecord record = RunRecord.read(folder.resolve(Layout.RECORD));
                    if (record != null && record.start() != null) {
                        runs.add(archivedAttempt(run, title, number, record, folder));
                    }
                }
            }
            runs.add(current(view, title));
        }
        Timeline.Summary summary = new Timeline.Summary(status.counts(), status.progress(), status.elapsedSeconds(),
                status.etaSeconds());
        List<Timeline.CrashGroup> crashes = new ArrayList<>();
        for (CrashGroups.Group group : CrashGroups.of(List.of(status))) {
            crashes.add(new Timeline.CrashGroup(group.kind(), group.message(), group.count(), group.exampleErr()));
        }
        return new Timeline(experiment.folderName(), experiment.dir(), nowMillis, zone, summary, slots.gpus(),
                slots.cpuSlots(), runs, crashes, Curves.of(status.runs()));
    }

    private static Timeline.Run current(RunView view, String title) {
        long end = view.endMillis();
        if (view.state() == RunState.LOST) {
            end = lastWrite(view.startMillis(), view.run().out(), view.run().err());
        }
        return new Timeline.Run(view.run().name(), title, view.state(), gpu(view.gpu()), view.startMillis(),
                view.state() == RunState.RUNNING ? -1 : end, view.exitCode(), view.attempt());
    }

    /** An attempt put aside by a retry or liftoff-clean: how it ended, by its own record. */
    private static Timeline.Run archivedAttempt(Run run, String title, int number, RunRecord record, Path folder) {
        RunState state = record.endedState();
        long start = millis(record.start().time());
        long end;
        if (record.end() != null) {
            end = millis(record.end().time());
        } else if (record.aborted()) {
            end = millis(record.abortTime());
        } else {
            end = lastWrite(start, folder.resolve(Layout.OUT), folder.resolve(Layout.ERR));
        }
        return new Timeline.Run(run.name(), title, state, gpu(record.launch().gpu()), start, end,
                record.end() == null ? null : record.end().code(), number);
    }

    /** A lost run's end as best known: the last write to its output, when that came after its start. */
    private static long lastWrite(long startMillis, Path... files) {
        long last = -1;
        for (Path file : files) {
            last = Math.max(last, new File(file.toString()).lastModified());
        }
        return startMillis >= 0 && last >= startMillis ? last : -1;
    }

    /** The GPU index a run was pinned to; null without one, or for a GPU named by UUID (drawn with the runs without GPU). */
    private static Integer gpu(String gpu) {
        if (gpu == null || gpu.isEmpty() || gpu.length() > 9 || !gpu.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(gpu);
    }

    private static long millis(double seconds) {
        return Double.isNaN(seconds) ? -1 : Math.round(seconds * 1000);
    }

    /** The variation's title ({@code x=1; yz.y=10}) from its config; its folder name when that cannot be read. */
    private static String title(Path variation) {
        try {
            Object title = YamlFiles.loadMapping(variation.resolve(Layout.CFG)).get(MetaKeys.TITLE);
            if (title != null) {
                return title.toString();
            }
        } catch (LiftoffException e) {
            // shown by its folder name instead
        }
        return variation.getFileName().toString();
    }
}
