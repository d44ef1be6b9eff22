package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.launch.RunProtocol;
import io.liftoff.slurm.ArrayTask;
import io.liftoff.slurm.Submission;
import io.liftoff.store.Experiment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Asked by a Slurm array task's batch program which run to start next: one line, or nothing. With
 * {@code --serve} it answers many questions, one per line of its standard input ({@code <claimed>
 * <after or ->}), with one line each (empty for none), so that a task starts one JVM rather than one
 * per run. Not for people.
 */
@Command(name = "liftoff-slurm-task", hidden = true, description = "Used by liftoff's Slurm array tasks.")
public final class SlurmTaskCommand extends BaseCommand {
    @Parameters(index = "0")
    Path experiment;

    @Parameters(index = "1")
    String submission;

    @Parameters(index = "2")
    int offset;

    @Parameters(index = "3", arity = "0..1")
    Integer claimed;

    @Option(names = "--after")
    String after;

    @Option(names = "--serve")
    boolean serve;

    @Override
    protected ExitCode execute() {
        Experiment opened = Experiment.open(experiment);
        Submission record = Submission.readAll(opened.dir(), opened.entries()).stream()
                .filter(s -> s.id().equals(submission)).findFirst()
                .orElseThrow(() -> LiftoffException.usage("no submission " + submission + " in " + opened));
        ArrayTask task = new ArrayTask(opened, record, System.getenv());
        if (!serve) {
            if (claimed == null) {
                throw LiftoffException.usage("slurm-task: how many runs the task claimed is missing");
            }
            String next = next(task, opened, claimed, RunProtocol.NONE.equals(after) ? null : after);
            if (!next.isEmpty()) {
                out().println(next);
            }
            return ExitCode.OK;
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String question;
            while ((question = in.readLine()) != null) {
                RunProtocol.Question asked = RunProtocol.Question.parse(question);
                if (asked == null) {
                    throw LiftoffException.usage("slurm-task --serve: cannot read the question '" + question + "'");
                }
                out().println(next(task, opened, asked.claimed(), asked.after()));
                out().flush();
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot read the task's questions: " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    /** The line naming the task's next run, or an empty one. */
    private String next(ArrayTask task, Experiment experiment, int claimed, String after) {
        try {
            ArrayTask.Next next = task.next(offset, claimed, after);
            return next == null ? "" : next.line();
        } catch (IOException e) {
            throw LiftoffException.environment("cannot claim a run in " + experiment + ": " + e.getMessage(), e);
        }
    }
}
