package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.control.Abort;
import io.liftoff.inspect.RunView;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.SessionRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "liftoff-abort", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Stops the most recently started running experiment (or the one -e/-t selects, or --all): its "
                    + "launcher sessions first, then each run with all its processes (TERM, then KILL after --grace).",
            "Shows what it will stop and asks first; the stopped runs are recorded as aborted."})
public final class AbortCommand implements Callable<Integer> {
    @Mixin
    SelectionMixin selection;

    @Option(names = "--all", description = "Stop every running experiment, not just the most recent.")
    boolean all;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between TERM and KILL (default: ${DEFAULT-VALUE}).")
    double grace;

    @Mixin
    ColorMixin color;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (grace < 0) {
            throw LiftoffException.usage("--grace " + grace + ": must not be negative");
        }
        List<Experiment> selected = selection.selected();
        if (selection.isNarrowed() && selected.isEmpty()) {
            throw LiftoffException.usage("no experiment" + selection.describe() + " in " + Display.path(selection.resultsPath));
        }
        List<Abort.Plan> plans = new ArrayList<>();
        for (Experiment experiment : selected) {
            Abort.Plan plan = Abort.plan(experiment);
            if (!plan.isEmpty()) {
                plans.add(plan);
            }
        }
        if (plans.isEmpty()) {
            out.println("nothing to abort: no liftoff session or run is running" + (selection.isNarrowed() ? " for experiments" + selection.describe() : ""));
            return 0;
        }
        if (!all) {
            plans = List.of(plans.stream().max(Comparator.comparingLong(AbortCommand::lastActivity)).get());
        }
        for (Abort.Plan plan : plans) {
            describe(out, plan);
        }
        if (!yes && !confirm(out)) {
            out.println("nothing stopped");
            return 0;
        }
        for (Abort.Plan plan : plans) {
            Abort.Outcome outcome = Abort.execute(plan, Math.round(grace * 1000), line -> out.println("  " + line));
            out.println("stopped " + outcome.sessions() + " session" + (outcome.sessions() == 1 ? "" : "s") + " and "
                    + outcome.runs() + " run" + (outcome.runs() == 1 ? "" : "s") + " (" + outcome.processes() + " processes"
                    + (outcome.killed() > 0 ? ", " + outcome.killed() + " killed after " + grace + "s" : "") + ") of " + plan.experiment());
        }
        return 0;
    }

    /** When the experiment last started something: a session or a run. */
    private static long lastActivity(Abort.Plan plan) {
        long last = 0;
        for (SessionRecord session : plan.sessions()) {
            last = Math.max(last, session.started() * 1000);
        }
        for (RunView view : plan.runs().keySet()) {
            last = Math.max(last, view.startMillis());
        }
        return last;
    }

    private static void describe(PrintWriter out, Abort.Plan plan) {
        out.println("experiment " + plan.experiment() + ":");
        for (SessionRecord session : plan.sessions()) {
            out.println("  session " + session.id() + "  launcher pid " + session.launcher().pid());
        }
        for (Map.Entry<RunView, ProcessTree> run : plan.runs().entrySet()) {
            List<Long> pids = run.getValue().alive().stream().map(p -> p.pid()).toList();
            out.println("  run " + run.getKey().run().name() + "  " + run.getKey().state().label() + "  pid"
                    + (pids.size() == 1 ? " " : "s ") + pids.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse("-"));
        }
        for (SessionRecord session : plan.remoteSessions()) {
            out.println("  session " + session.id() + " on host " + session.launcher().host() + " (cannot be stopped from here)");
        }
    }

    private boolean confirm(PrintWriter out) {
        if (!ColorMixin.isTerminal()) {
            throw LiftoffException.usage("not stopping anything without asking, and there is no terminal to ask on; add -y");
        }
        out.print("Stop them? [y/N] ");
        out.flush();
        String answer = System.console().readLine();
        return answer != null && answer.strip().toLowerCase().startsWith("y");
    }
}
