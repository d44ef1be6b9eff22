package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.control.Clean;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.store.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "liftoff-clean",
        description = {
            "Makes the crashed, timed out, lost and aborted runs of an experiment runnable again, so that "
                    + "`liftoff SCRIPT EXPERIMENT_DIR` reruns exactly those. A dry run unless --do is given.",
            "Each reset run's record, out and err move to " + Layout.ATTEMPTS + "/<run>/N beside its folder; files the "
                    + "script wrote in its folder (checkpoints) stay. Running, done, pending and held runs are never touched.",
            ExperimentSelector.HELP})
public final class CleanCommand extends BaseCommand {
    @Mixin
    SelectionMixin selection;

    @Option(names = "--do", description = "Apply (without it, only show what would be reset).")
    boolean apply;

    @Option(names = "--crashed-only", description = "Reset crashed and timed out runs only, not lost or aborted ones.")
    boolean crashedOnly;

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        Experiment target = selection.selector().one(true);
        Clean.Plan plan = Clean.plan(target, crashedOnly, Backends.queue(target, true));
        for (Clean.Busy busy : plan.busy()) {
            out.println("skipped " + busy.run().name() + ": " + (busy.processes() == 0 ? "its Slurm task is queued or running"
                    : busy.processes() + " of its processes still run") + " (liftoff-abort stops them)");
        }
        if (plan.resets().isEmpty()) {
            out.println("nothing to clean in " + target + ": no " + (crashedOnly ? "crashed or timed out" : "failed or aborted") + " run");
            return ExitCode.OK;
        }
        int count = 0;
        for (Clean.Reset reset : plan.resets()) {
            if (apply) {
                try {
                    Path attempt = Clean.apply(target, reset);
                    if (attempt == null) {
                        out.println("skipped " + reset.run().name() + ": another process reset it first");
                        continue;
                    }
                    out.println("reset " + reset.run().name() + " (" + what(reset) + "); its files are in " + Display.path(attempt));
                } catch (IOException e) {
                    throw LiftoffException.environment("cannot reset " + reset.run().name() + ": " + e.getMessage(), e);
                }
            } else {
                out.println("would reset " + reset.run().name() + " (" + what(reset) + ")");
            }
            count++;
        }
        if (apply) {
            out.println("reset " + count + " run" + (count == 1 ? "" : "s") + "; rerun them with: liftoff "
                    + (target.meta().script() == null ? "SCRIPT" : Display.path(Path.of(target.meta().script()))) + " " + target);
        } else {
            out.println(count + " run" + (count == 1 ? "" : "s") + " to reset (dry run; add --do to apply). Their record, out and "
                    + "err will move to " + Layout.ATTEMPTS + "/<run>/N in each variation folder; the script's own files stay.");
        }
        return ExitCode.OK;
    }

    private static String what(Clean.Reset reset) {
        return reset.state().label() + (reset.exitCode() != null ? ", exit " + reset.exitCode() : "");
    }
}
