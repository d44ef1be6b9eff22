package io.liftoff.cli;

import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.launch.Backend;
import io.liftoff.launch.BatchQueue;
import io.liftoff.launch.local.LocalBackend;
import io.liftoff.process.LiveProcesses;
import io.liftoff.slurm.SlurmBackend;
import io.liftoff.slurm.SlurmOptions;
import io.liftoff.store.Experiment;
import io.liftoff.store.RunState;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one place that chooses backends: which one a launch uses (Slurm with {@code --slurm}, else this
 * machine), and which queue status, liftoff-procs, -abort and -clean ask about an experiment. A new
 * backend is chosen here and nowhere else.
 */
final class Backends {
    /** The backends with a queue that may hold runs (this machine has none: its sessions are records). */
    private static final List<Backend> QUEUED = List.of(new SlurmBackend(null));

    private Backends() {
    }

    /**
     * The backend of a launch, given its part of the options, checked: Slurm's with {@code --slurm},
     * else this machine's. An option given that the chosen backend does not take is refused first.
     */
    static Backend of(CommandSpec spec, SlurmMixin slurm, LaunchOptions.Scheduling scheduling) {
        BackendOptions.check(spec, slurm.enabled());
        SlurmOptions options = slurm.options();
        return options != null ? new SlurmBackend(options) : new LocalBackend(scheduling.local());
    }

    /**
     * What the queues hold of an experiment: the first queue that holds any of its runs (an experiment's
     * runs wait in one batch system); {@code mayAsk} false: from its last look, asking nothing.
     */
    static BatchQueue queue(Experiment experiment, boolean mayAsk) {
        for (Backend backend : QUEUED) {
            BatchQueue queue = backend.queue(experiment, mayAsk);
            if (!queue.holdsNone()) {
                return queue;
            }
        }
        return BatchQueue.NONE;
    }

    /** {@code 3 done, 2 running, 0 failed, 5 waiting}: how an experiment stands, for a launch that follows its queue. */
    static String standing(Experiment experiment) {
        ExperimentStatus status = StatusScanner.scan(experiment, false, new LiveProcesses(), queue(experiment, true));
        return status.count(RunState.DONE) + " done, " + status.count(RunState.RUNNING) + " running, "
                + status.failed() + " failed, " + status.waiting() + " waiting";
    }
}
