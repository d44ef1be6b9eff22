package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.control.Clean;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "liftoff-clean", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Makes the crashed, lost and aborted runs of an experiment runnable again, so that "
                    + "`liftoff SCRIPT EXPERIMENT_DIR` reruns exactly those. A dry run unless --do is given.",
            "Each reset run's out, err and markers move to .__attempts/N in its folder; files the script "
                    + "wrote there (checkpoints) stay. Running, done and pending runs are never touched."})
public final class CleanCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT",
            description = "The experiment folder, or a name (the latest experiment of that name).")
    String experiment;

    @Mixin
    SelectionMixin selection;

    @Option(names = "--do", description = "Apply (without it, only show what would be reset).")
    boolean apply;

    @Option(names = "--crashed-only", description = "Reset crashed runs only, not lost or aborted ones.")
    boolean crashedOnly;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Experiment target = target();
        Clean.Plan plan = Clean.plan(target, crashedOnly);
        for (Clean.Busy busy : plan.busy()) {
            out.println("skipped " + busy.run().name() + ": " + busy.processes() + " of its processes still run (liftoff-abort stops them)");
        }
        if (plan.resets().isEmpty()) {
            out.println("nothing to clean in " + target + ": no " + (crashedOnly ? "crashed" : "crashed, lost or aborted") + " run");
            return 0;
        }
        for (Clean.Reset reset : plan.resets()) {
            if (apply) {
                try {
                    Path attempt = Clean.apply(reset);
                    out.println("reset " + reset.run().name() + " (" + what(reset) + "); its files are in " + Display.path(attempt));
                } catch (IOException e) {
                    throw LiftoffException.failure("cannot reset " + reset.run().name() + ": " + e.getMessage(), e);
                }
            } else {
                out.println("would reset " + reset.run().name() + " (" + what(reset) + ")");
            }
        }
        int count = plan.resets().size();
        if (apply) {
            out.println("reset " + count + " run" + (count == 1 ? "" : "s") + "; rerun them with: liftoff "
                    + (target.meta().script() == null ? "SCRIPT" : Display.path(Path.of(target.meta().script()))) + " " + target);
        } else {
            out.println(count + " run" + (count == 1 ? "" : "s") + " to reset (dry run; add --do to apply). Their out, err and "
                    + "markers will move to " + Layout.ATTEMPTS + "/N in each run folder; the script's own files stay.");
        }
        return 0;
    }

    private static String what(Clean.Reset reset) {
        return reset.state().label() + (reset.exitCode() != null ? ", exit " + reset.exitCode() : "");
    }

    /** The folder given, or the latest experiment whose name (or timestamp) matches. */
    private Experiment target() {
        if (experiment != null && Experiment.isExperiment(Path.of(experiment))) {
            return Experiment.open(Path.of(experiment));
        }
        List<Experiment> matches = experiment != null
                ? selection.results().experiments().stream().filter(e -> e.name().equals(experiment)
                        || e.folderName().contains(experiment)).toList()
                : selection.selected();
        if (experiment == null && !selection.isNarrowed()) {
            throw LiftoffException.usage("which experiment? give its folder, or -e NAME / -t TIMESTAMP");
        }
        if (matches.isEmpty()) {
            throw LiftoffException.usage("no experiment " + (experiment != null ? experiment : selection.describe().strip())
                    + " in " + Display.path(selection.resultsPath));
        }
        return matches.get(matches.size() - 1);
    }
}
