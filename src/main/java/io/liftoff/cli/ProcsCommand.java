package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.inspect.Discovery;
import io.liftoff.launch.Eta;
import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.launch.BatchQueue;
import io.liftoff.process.Host;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.store.QueueView;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "liftoff-procs",
        description = {
            "Lists, from any folder, the live launcher sessions of this host with the runs they started (pids, GPU, "
                    + "time), runs still going whose launcher has ended, and processes that ended runs left behind. "
                    + "Nothing running is a normal answer.",
            ExperimentSelector.HELP})
public final class ProcsCommand extends BaseCommand {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    SelectionMixin selection;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    /** An experiment with something alive: its status, and the live processes of each run that has any. */
    private record Active(ExperimentStatus status, Map<RunView, List<ProcessIdentity>> processes, List<String> submissions) {
    }

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        Ansi ansi = ansi();
        LiveProcesses live = new LiveProcesses();
        List<Active> active = new ArrayList<>();
        for (Experiment experiment : Discovery.experiments(selection.selector(), false, live)) {
            BatchQueue queue = Backends.queue(experiment, true);
            ExperimentStatus status = StatusScanner.scan(experiment, true, live, queue);
            List<String> submissions = queue.jobs().stream().map(BatchQueue.Job::described).toList();
            Map<RunView, List<ProcessIdentity>> processes = new LinkedHashMap<>();
            for (RunView view : status.runs()) {
                if (view.wrapper() != null && view.wrapper().isLocal() && (view.state() == RunState.RUNNING || view.leftovers() > 0)) {
                    processes.put(view, ProcessTree.of(view.wrapper(), view.process(), view.run().folder().toString(), live).alive());
                } else if (view.state() == RunState.RUNNING) {
                    processes.put(view, view.process() == null ? List.of() : List.of(view.process()));
                }
            }
            if (status.isActive() || !processes.isEmpty() || !submissions.isEmpty()) {
                active.add(new Active(status, processes, submissions));
            }
        }
        if (json) {
            printJson(out, active);
            return ExitCode.OK;
        }
        if (active.isEmpty()) {
            out.println("no liftoff session or run is running on this host"
                    + (selection.selector().isNarrowed() ? " for experiments" + selection.selector().describe() : ""));
            return ExitCode.OK;
        }
        long now = System.currentTimeMillis();
        for (Active experiment : active) {
            ExperimentStatus status = experiment.status();
            out.println(ansi.string("@|bold " + status.experiment().folderName() + "|@  " + status.experiment()));
            for (SessionRecord session : status.liveSessions()) {
                out.println("  session " + session.id() + "  launcher pid " + session.launcher().pid() + host(session.launcher().host())
                        + "  since " + CLOCK.format(Instant.ofEpochSecond(session.started()))
                        + " (" + Eta.format(Math.max(0, now / 1000 - session.started())) + ")");
                printRuns(out, ansi, select(experiment, v -> v.state() == RunState.RUNNING && session.id().equals(v.owner())), now);
            }
            for (String submission : experiment.submissions()) {
                out.println("  " + submission);
            }
            List<String> liveIds = status.liveSessions().stream().map(SessionRecord::id).toList();
            List<Map.Entry<RunView, List<ProcessIdentity>>> slurm = select(experiment,
                    v -> v.state() == RunState.RUNNING && QueueView.isQueued(v.owner()));
            if (!slurm.isEmpty()) {
                out.println("  runs of Slurm tasks (pid and host of each):");
                printRuns(out, ansi, slurm, now);
            }
            List<Map.Entry<RunView, List<ProcessIdentity>>> orphans = select(experiment,
                    v -> v.state() == RunState.RUNNING && !liveIds.contains(v.owner()) && !QueueView.isQueued(v.owner()));
            if (!orphans.isEmpty()) {
                out.println("  runs whose launcher has ended:");
                printRuns(out, ansi, orphans, now);
            }
            List<Map.Entry<RunView, List<ProcessIdentity>>> leftovers = select(experiment, v -> v.state().ended());
            if (!leftovers.isEmpty()) {
                out.println("  processes left behind by runs that ended (liftoff-abort stops them):");
                printRuns(out, ansi, leftovers, now);
            }
        }
        return ExitCode.OK;
    }

    private static List<Map.Entry<RunView, List<ProcessIdentity>>> select(Active active,
            java.util.function.Predicate<RunView> which) {
        List<Map.Entry<RunView, List<ProcessIdentity>>> selected = new ArrayList<>();
        for (Map.Entry<RunView, List<ProcessIdentity>> entry : active.processes().entrySet()) {
            if (which.test(entry.getKey())) {
                selected.add(entry);
            }
        }
        return selected;
    }

    private static String host(String host) {
        return Host.name().equals(host) ? "" : "  on host " + host;
    }

    private static void printRuns(PrintWriter out, Ansi ansi, List<Map.Entry<RunView, List<ProcessIdentity>>> runs, long now) {
        if (runs.isEmpty()) {
            return;
        }
        Table table = new Table(">pid", "run", "gpu", ">time", "processes");
        for (Map.Entry<RunView, List<ProcessIdentity>> entry : runs) {
            RunView view = entry.getKey();
            List<Long> pids = entry.getValue().stream().map(ProcessIdentity::pid).toList();
            table.row(view.process() == null ? "starting" : view.process().pid() + host(view.process().host()),
                    view.run().name(), view.gpu() == null ? "-" : view.gpu(),
                    view.seconds(now) < 0 ? "-" : Eta.format(view.seconds(now)),
                    pids.isEmpty() ? "-" : pids.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).get());
        }
        java.io.StringWriter text = new java.io.StringWriter();
        table.print(new PrintWriter(text), ansi);
        text.toString().lines().forEach(line -> out.println("    " + line));
    }

    private void printJson(PrintWriter out, List<Active> active) {
        List<Object> experiments = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Active experiment : active) {
            ExperimentStatus status = experiment.status();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("schema", JsonOutput.PROCS_SCHEMA);
            item.put("experiment", status.experiment().folderName());
            item.put("path", status.experiment().dir().toString());
            List<Object> sessions = new ArrayList<>();
            for (SessionRecord session : status.liveSessions()) {
                sessions.add(session.toMap());
            }
            item.put("sessions", sessions);
            List<Object> runs = new ArrayList<>();
            for (Map.Entry<RunView, List<ProcessIdentity>> entry : experiment.processes().entrySet()) {
                Map<String, Object> run = entry.getKey().toMap(now);
                run.put("pids", entry.getValue().stream().map(ProcessIdentity::pid).toList());
                runs.add(run);
            }
            item.put("runs", runs);
            item.put("slurm_submissions", experiment.submissions());
            experiments.add(item);
        }
        JsonOutput.print(out, experiments);
    }
}
