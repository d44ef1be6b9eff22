package io.liftoff.launch.local;

import io.liftoff.launch.Backend;
import io.liftoff.launch.BatchQueue;
import io.liftoff.launch.LaunchContext;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.LaunchPreview;
import io.liftoff.launch.Session;
import io.liftoff.launch.Slots;
import io.liftoff.store.Experiment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * This machine: one session per launch, whose {@link LocalLaunch} fills slots until its runs have
 * ended (detached runs go on after it). It has no queue: the sessions recorded in the experiment say
 * who owns a claim, and its runs' processes are this host's.
 */
public final class LocalBackend implements Backend {
    private final LocalOptions options;

    public LocalBackend(LocalOptions options) {
        this.options = options;
    }

    @Override
    public int defaultProcsNo() {
        return options.defaultProcsNo();
    }

    @Override
    public LaunchOutcome start(Experiment experiment, LaunchPlan plan, LaunchContext context) {
        try (Session session = Session.start(experiment, context.commandLine(), context.abortsAtStart())) {
            return new LocalLaunch(experiment, session, plan, options, context).run();
        }
    }

    @Override
    public LaunchOutcome follow(Experiment experiment, LaunchOutcome started, LaunchContext context) {
        return started;
    }

    @Override
    public BatchQueue queue(Experiment experiment, boolean mayAsk) {
        return BatchQueue.NONE;
    }

    /** How {@code runs} runs would go on this machine (--dry-run): how many at once, on which GPUs, detached or not. */
    @Override
    public LaunchPreview.Backend preview(Path folder, String name, LaunchPlan plan, long runs) {
        Slots slots = new Slots(plan.procsNo(), options.gpus(), options.perGpu());
        boolean detached = options.detached(runs);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("at_once", slots.capacity());
        details.put("gpus", options.gpus());
        details.put("per_gpu", options.gpus().isEmpty() ? List.of() : java.util.Arrays.stream(options.perGpu()).boxed().toList());
        details.put("detached", detached);
        String where = options.gpus().isEmpty() ? "" : " on GPUs " + String.join(",", options.gpus()) + " (at most "
                + java.util.Arrays.stream(options.perGpu()).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","))
                + " per GPU)";
        return new LaunchPreview.Backend("local", details,
                List.of("local       " + slots.capacity() + " at a time" + where + (detached ? ", detached" : ", attached")));
    }
}
