package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.launch.Pruner;
import io.liftoff.launch.Pruning;
import io.liftoff.launch.RunProtocol;
import io.liftoff.slurm.ArrayTask;
import io.liftoff.slurm.Submission;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Run;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Asked by a Slurm array task's batch program which run to start next: one line, or nothing. Called
 * as {@link RunProtocol.TaskCall} says: {@code serve} answers many questions, one per line of its
 * standard input ({@code <claimed> <after or ->}), with one line each (empty for none), so that a task
 * starts one JVM rather than one per run; {@code next} answers one; {@code ending} judges, after the
 * time-limit signal, whether the task's run goes back to the queue. Not for people.
 */
@Command(name = "liftoff-slurm-task", hidden = true, description = "Used by liftoff's Slurm array tasks.")
public final class SlurmTaskCommand extends BaseCommand {
    @Parameters(arity = "4..6", paramLabel = "WORD")
    List<String> words;

    @Override
    protected ExitCode execute() {
        RunProtocol.TaskCall call = RunProtocol.TaskCall.parse(words);
        Experiment opened = Experiment.open(call.experiment());
        Submission record = Submission.readAll(opened.dir(), opened.entries()).stream()
                .filter(s -> s.id().equals(call.submission())).findFirst()
                .orElseThrow(() -> LiftoffException.usage("no submission " + call.submission() + " in " + opened));
        ArrayTask task = new ArrayTask(opened, record, System.getenv());
        switch (call.mode()) {
            case ENDING:
                try {
                    task.ending(call.after());
                } catch (IOException e) {
                    throw LiftoffException.environment("cannot judge the run's time limit in " + opened + ": " + e.getMessage(), e);
                }
                return ExitCode.OK;
            case NEXT:
                ArrayTask.Next next = next(task, opened, call.offset(), call.claimed(), call.after());
                if (next != null) {
                    out().println(next.line());
                }
                return ExitCode.OK;
            default:
                return serve(task, opened, call);
        }
    }

    /** Answers the task's questions until its batch program closes their pipe, pruning the run it runs meanwhile. */
    private ExitCode serve(ArrayTask task, Experiment opened, RunProtocol.TaskCall call) {
        String submission = call.submission();
        java.util.Map<String, Object> pruneFile = Json.readObject(Submission.pruning(opened.dir(), submission));
        Pruning.Settings pruning = pruneFile == null ? null : Pruning.Settings.fromMap(pruneFile);
        long graceMillis = pruneFile != null && pruneFile.get("grace_seconds") instanceof Number
                ? Math.round(((Number) pruneFile.get("grace_seconds")).doubleValue() * 1000) : 10_000;
        // The task prunes the run it runs, judged against every run's metrics in the experiment: one watcher
        // for the task's life (its file system watch is one of a user's few), told which run is the task's now.
        AtomicReference<List<Run>> running = new AtomicReference<>(List.of());
        if (pruning != null) {
            PrintWriter err = err();
            Pruner.watch(opened, pruning, graceMillis, line -> err.println("liftoff: " + line), running::get);
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String question;
            while ((question = in.readLine()) != null) {
                RunProtocol.Question asked = RunProtocol.Question.parse(question);
                if (asked == null) {
                    throw LiftoffException.usage("slurm-task serve: cannot read the question '" + question + "'");
                }
                // A question means the task's last run has ended: it is judged no more.
                running.set(List.of());
                ArrayTask.Next next = next(task, opened, call.offset(), asked.claimed(), asked.after());
                out().println(next == null ? "" : next.line());
                out().flush();
                if (next != null) {
                    running.set(List.of(new Run(opened.dir().resolve(next.variation()), next.variation(), next.run())));
                }
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot read the task's questions: " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    /** The task's next run, or null. */
    private static ArrayTask.Next next(ArrayTask task, Experiment experiment, int offset, int claimed, String after) {
        try {
            return task.next(offset, claimed, after);
        } catch (IOException e) {
            throw LiftoffException.environment("cannot claim a run in " + experiment + ": " + e.getMessage(), e);
        }
    }
}
