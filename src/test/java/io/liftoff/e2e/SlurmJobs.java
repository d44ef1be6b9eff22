package io.liftoff.e2e;

import io.liftoff.Lab;
import io.liftoff.slurm.SlurmCli;
import io.liftoff.slurm.Submission;
import io.liftoff.store.Experiment;
import java.util.ArrayList;
import java.util.List;

/** The Slurm jobs a test's experiments submitted, asked of Slurm directly: the tests watch from outside liftoff. */
final class SlurmJobs {
    private SlurmJobs() {
    }

    /** The job ids of every submission of the lab's experiments. */
    static List<String> of(Lab lab) {
        List<String> jobs = new ArrayList<>();
        for (Experiment experiment : lab.experiments()) {
            Submission.readAll(experiment.dir(), experiment.entries()).forEach(s -> jobs.addAll(s.jobIds()));
        }
        return jobs;
    }

    /** Whether any of these jobs is still in the queue. */
    static boolean queued(List<String> jobs) throws SlurmCli.Unreachable {
        return SlurmCli.queueOfUser().stream().anyMatch(task -> jobs.contains(task.arrayJob()));
    }

    /**
     * Cancels every job the lab's experiments submitted, waits (up to 30 s) for them to leave the queue
     * (cancelled tasks take a moment to end, and their processes run on this very machine), then kills
     * what is left of the lab's processes.
     */
    static void cancelAll(Lab lab) throws Exception {
        List<String> jobs = of(lab);
        SlurmCli.cancel(jobs);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && queued(jobs)) {
            Thread.sleep(500);
        }
        lab.killLeftovers();
    }
}
