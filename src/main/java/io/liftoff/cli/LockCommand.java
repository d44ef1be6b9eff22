package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.control.Holds;
import io.liftoff.launch.RunFilter;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "liftoff-lock",
        description = {
            "Puts runs of an experiment on hold: no launcher (local or Slurm) starts or retries them, and status "
                    + "shows them as held, until liftoff-unlock. Runs already started go on; clean and abort ignore holds.",
            ExperimentSelector.HELP})
public class LockCommand extends BaseCommand {
    @Mixin
    SelectionMixin selection;

    @Option(names = "--filters", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
            description = "Only runs whose config has these values: --filters yz.y=10 run_id=0")
    List<String> filters;

    @Override
    protected ExitCode execute() {
        Experiment experiment = selection.selector().one(true);
        RunFilter filter = RunFilter.parse(filters == null ? List.of() : filters);
        try {
            Holds.Outcome outcome = release() ? Holds.release(experiment, filter) : Holds.hold(experiment, filter);
            out().println((release() ? "released " : "held ") + outcome.changed() + " run" + (outcome.changed() == 1 ? "" : "s")
                    + (filter.isEmpty() ? "" : " matching " + filter) + " of " + experiment
                    + (outcome.unchanged() > 0 && !release() ? " (" + outcome.unchanged() + " already held or started)" : ""));
        } catch (IOException e) {
            throw LiftoffException.environment("cannot change the holds of " + experiment + ": " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    boolean release() {
        return false;
    }

    @Command(name = "liftoff-unlock",
            description = {"Releases runs that liftoff-lock put on hold, so that launchers start them again.", ExperimentSelector.HELP})
    public static final class UnlockCommand extends LockCommand {
        @Override
        boolean release() {
            return true;
        }
    }
}
