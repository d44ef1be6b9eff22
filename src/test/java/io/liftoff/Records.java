package io.liftoff;

import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Watch;
import java.util.Map;
import java.util.stream.Collectors;

/** What tests ask of runs' records: their states, and whether they started or ended. */
public final class Records {
    private Records() {
    }

    /** What status would see: sessions, this host's processes, and Slurm's queue for submitted experiments. */
    public static Watch watch(Experiment experiment) {
        return new Watch(experiment.sessions(), new LiveProcesses(), io.liftoff.slurm.SlurmQueue.of(experiment, true));
    }

    public static RunState state(Experiment experiment, Run run) {
        return run.snapshot().state(watch(experiment));
    }

    public static Map<RunState, Long> states(Experiment experiment) {
        Watch watch = watch(experiment);
        return experiment.snapshots().stream().collect(Collectors.groupingBy(s -> s.state(watch), Collectors.counting()));
    }

    public static RunRecord record(Run run) {
        return RunRecord.read(run.record());
    }

    public static boolean started(Run run) {
        RunRecord record = record(run);
        return record != null && record.start() != null;
    }

    public static boolean ended(Run run) {
        RunRecord record = record(run);
        return record != null && record.end() != null;
    }

    /** Ended with exit code 0. */
    public static boolean done(Run run) {
        return ended(run) && record(run).end().code() == 0;
    }

    public static boolean crashed(Run run) {
        return ended(run) && record(run).end().code() != 0;
    }

    public static RunSnapshot snapshot(Run run) {
        return run.snapshot();
    }
}
