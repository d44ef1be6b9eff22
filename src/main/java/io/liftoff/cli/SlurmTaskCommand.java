package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.slurm.ArrayTask;
import io.liftoff.slurm.Submission;
import io.liftoff.store.Experiment;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Asked by a Slurm array task's batch program: which run to start next (one line), or nothing. Not for people. */
@Command(name = "liftoff-slurm-task", hidden = true, description = "Used by liftoff's Slurm array tasks.")
public final class SlurmTaskCommand extends BaseCommand {
    @Parameters(index = "0")
    Path experiment;

    @Parameters(index = "1")
    String submission;

    @Parameters(index = "2")
    int offset;

    @Parameters(index = "3")
    int claimed;

    @Option(names = "--after")
    String after;

    @Override
    protected ExitCode execute() {
        Experiment opened = Experiment.open(experiment);
        Submission record = Submission.readAll(opened.dir(), opened.entries()).stream()
                .filter(s -> s.id().equals(submission)).findFirst()
                .orElseThrow(() -> LiftoffException.usage("no submission " + submission + " in " + opened));
        try {
            ArrayTask.Next next = new ArrayTask(opened, record, System.getenv()).next(offset, claimed, after);
            if (next != null) {
                out().println(next.line());
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot claim a run in " + opened + ": " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }
}
