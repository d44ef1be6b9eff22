package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.control.Abort;
import io.liftoff.inspect.Discovery;
import io.liftoff.inspect.RunView;
import io.liftoff.launch.BatchQueue;
import io.liftoff.launch.Durations;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.store.SessionRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import io.liftoff.store.HostIndex;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "liftoff-abort",
        description = {
            "Stops, from any folder, the most recently started running experiment of this host (or the one selected, "
                    + "or --all): its launcher sessions first, then each run with all its processes, also those that "
                    + "left with setsid or a double fork (TERM, then KILL after --grace).",
            "Shows what it will stop and where the experiment lives, and asks first; the stopped runs are recorded as aborted.",
            ExperimentSelector.HELP})
public final class AbortCommand extends BaseCommand {
    @Mixin
    SelectionMixin selection;

    @Option(names = "--all", description = "Stop every running experiment, not just the most recent.")
    boolean all;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10",
            description = "Between TERM and KILL (default: ${DEFAULT-VALUE}s).")
    String grace;

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        double graceSeconds = Durations.parse("--grace", grace);
        ExperimentSelector selector = selection.selector();
        LiveProcesses live = new LiveProcesses();
        List<Experiment> selected = Discovery.experiments(selector, false, live);
        if (selector.isNarrowed() && selected.isEmpty()) {
            throw LiftoffException.usage(selector.missing(true));
        }
        List<Abort.Plan> plans = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Experiment experiment : selected) {
            Abort.Plan plan = Abort.plan(experiment, live, Backends.queue(experiment, false));
            plan.sessions().forEach(s -> seen.add(s.launcher().pid()));
            if (!plan.isEmpty()) {
                plans.add(plan);
            }
        }
        if (plans.isEmpty()) {
            // A launcher may be starting right now, not yet visible: it must launch nothing.
            if (selector.isNarrowed()) {
                Abort.markOnly(selected, line -> out.println("  " + line));
            } else if (yes) {
                stopStarting(out, seen, graceSeconds);
            }
            out.println("nothing to abort: no liftoff session or run is running on this host"
                    + (selector.isNarrowed() ? " for experiments" + selector.describe() : ""));
            return ExitCode.OK;
        }
        if (!all) {
            plans = List.of(plans.stream().max(Comparator.comparingLong(AbortCommand::lastActivity)).get());
        }
        for (Abort.Plan plan : plans) {
            describe(out, plan);
        }
        if (!yes && !confirm(out)) {
            out.println("nothing stopped");
            return ExitCode.OK;
        }
        for (Abort.Plan plan : plans) {
            execute(out, plan, graceSeconds);
        }
        if (!selector.isNarrowed()) {
            stopStarting(out, seen, graceSeconds);
        }
        return ExitCode.OK;
    }

    private static void execute(PrintWriter out, Abort.Plan plan, double graceSeconds) {
        Abort.Outcome outcome = Abort.execute(plan, Math.round(graceSeconds * 1000), line -> out.println("  " + line));
        out.println("stopped " + outcome.sessions() + " session" + (outcome.sessions() == 1 ? "" : "s") + " and "
                + outcome.runs() + " run" + (outcome.runs() == 1 ? "" : "s") + " (" + outcome.processes() + " processes"
                + (outcome.killed() > 0 ? ", " + outcome.killed() + " killed after " + Durations.format(graceSeconds) : "")
                + ") of " + plan.experiment());
    }

    /**
     * Without a selection, launchers still starting when this abort looked (their experiment unknown
     * then, so none of those it saw) must stop too: it names them in the host's index, where each
     * looks before it starts a run, and stops those that have meanwhile made a session.
     */
    private static void stopStarting(PrintWriter out, Set<Long> seen, double graceSeconds) {
        List<io.liftoff.process.ProcessIdentity> starting = Abort.startingLaunchers(seen, Commands::isLaunch);
        try {
            HostIndex.local().noteAbort(starting);
        } catch (java.io.IOException e) {
            out.println("  cannot note the abort in liftoff's state folder (" + e.getMessage() + "): a launcher starting right now may go on");
        }
        for (Experiment experiment : Abort.sessionsOf(starting)) {
            Abort.Plan plan = Abort.plan(experiment, new LiveProcesses(), Backends.queue(experiment, false));
            if (!plan.isEmpty()) {
                execute(out, plan, graceSeconds);
            }
        }
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
        out.println("experiment " + plan.experiment().folderName() + " in " + plan.experiment().dir().getParent() + ":");
        for (SessionRecord session : plan.sessions()) {
            out.println("  session " + session.id() + "  launcher pid " + session.launcher().pid());
        }
        for (Map.Entry<RunView, ProcessTree> run : plan.runs().entrySet()) {
            List<Long> pids = run.getValue().alive().stream().map(ProcessIdentity::pid).toList();
            out.println("  run " + run.getKey().run().name() + "  " + run.getKey().state().label()
                    + (run.getKey().state().ended() ? " (processes left behind)" : "") + "  pid"
                    + (pids.size() == 1 ? " " : "s ") + pids.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse("-"));
        }
        for (SessionRecord session : plan.remoteSessions()) {
            out.println("  session " + session.id() + " on host " + session.launcher().host() + " (cannot be stopped from here)");
        }
        for (BatchQueue.Job job : plan.jobs()) {
            out.println("  " + job.named());
        }
    }

    private boolean confirm(PrintWriter out) {
        if (!OutputMixin.isTerminal()) {
            throw LiftoffException.usage("not stopping anything without asking, and there is no terminal to ask on; add -y");
        }
        out.print("Stop them? [y/N] ");
        out.flush();
        String answer = System.console().readLine();
        return answer != null && answer.strip().toLowerCase().startsWith("y");
    }
}
