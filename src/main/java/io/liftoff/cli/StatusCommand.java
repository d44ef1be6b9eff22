package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.inspect.Discovery;
import io.liftoff.launch.BatchQueue;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.inspect.CrashGroups;
import io.liftoff.launch.Eta;
import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.collect.ResultTable;
import io.liftoff.store.Experiment;
import io.liftoff.store.Metrics;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "liftoff-status",
        description = {
            "Shows the experiments something works on, from any folder: a live launcher or running runs on this host "
                    + "(-a: every experiment of the results folder and of this host): how many runs are running, done, failed, "
                    + "pending and so on, progress, elapsed time and ETA.",
            ExperimentSelector.HELP,
            "In a split terminal: watch -c -n 1 liftoff-status -a --color=always"})
public final class StatusCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Every experiment in the results folder and launched from this host.")
    boolean all;

    @Mixin
    SelectionMixin selection;

    @Option(names = "--runs", description = "Also list each run: state, exit code, GPU, pid and time.")
    boolean runs;

    @Option(names = "--crashes", description = "Group the failed runs by what they last printed on stderr, with a count and an example.")
    boolean crashes;

    @Option(names = "--json", description = "Print JSON (one object per experiment) for scripts.")
    boolean json;

    /** How old the shared view of Slurm was for each experiment with an open submission. */
    private final Map<ExperimentStatus, Long> slurmViewAges = new java.util.IdentityHashMap<>();

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        ExperimentSelector selector = selection.selector();
        LiveProcesses live = new LiveProcesses();
        List<Experiment> candidates = Discovery.experiments(selector, all, live);
        boolean details = runs || crashes;
        List<ExperimentStatus> shown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Experiment experiment : candidates) {
            BatchQueue queue = Backends.queue(experiment, true);
            ExperimentStatus status = StatusScanner.scan(experiment, details, live, queue);
            if (all || selector.isNarrowed() || status.isActive()) {
                shown.add(status);
                if (!queue.holdsNone()) {
                    slurmViewAges.put(status, queue.viewAgeSeconds());
                }
                if (queue.problem() != null && !problems.contains(queue.problem())) {
                    problems.add(queue.problem());
                }
            }
        }
        problems.forEach(problem -> err().println("liftoff-status: " + problem));
        if (json) {
            printJson(out, shown);
            return ExitCode.OK;
        }
        if (shown.isEmpty()) {
            out.println(emptyMessage(selector, candidates.size()));
            return ExitCode.OK;
        }
        Ansi ansi = ansi();
        printTable(out, ansi, shown);
        if (runs) {
            for (ExperimentStatus status : shown) {
                printRuns(out, ansi, status);
            }
        }
        if (crashes) {
            printCrashes(out, ansi, shown);
        }
        return ExitCode.OK;
    }

    private String emptyMessage(ExperimentSelector selector, int selectable) {
        String folder = Display.path(selector.resultsPath());
        if (selector.isNarrowed()) {
            return selector.missing(true);
        }
        if (all) {
            return "no experiments in " + folder + " or launched from this host";
        }
        if (selectable > 0) {
            return "nothing runs on this host (liftoff-status -a shows every experiment)";
        }
        return "nothing runs on this host, and " + folder + (Files.isDirectory(selector.resultsPath())
                ? " holds no experiment" : " does not exist yet (liftoff SCRIPT creates it)");
    }

    private static void printTable(PrintWriter out, Ansi ansi, List<ExperimentStatus> shown) {
        // Columns for the states that only some experiments have appear when one shown has them.
        boolean held = shown.stream().anyMatch(s -> s.count(RunState.HELD) > 0);
        boolean queued = shown.stream().anyMatch(s -> s.count(RunState.QUEUED) + s.count(RunState.REQUEUED) > 0);
        boolean timedOut = shown.stream().anyMatch(s -> s.count(RunState.TIMED_OUT) > 0);
        boolean pruned = shown.stream().anyMatch(s -> s.count(RunState.PRUNED) > 0);
        boolean retried = shown.stream().anyMatch(s -> s.retried() > 0);
        List<String> headers = new ArrayList<>(List.of("experiment", ">total", ">running", ">done", ">crashed"));
        if (timedOut) {
            headers.add(">timed out");
        }
        headers.addAll(List.of(">lost", ">aborted"));
        if (pruned) {
            headers.add(">pruned");
        }
        headers.add(">pending");
        if (queued) {
            headers.add(">queued");
        }
        if (held) {
            headers.add(">held");
        }
        if (retried) {
            headers.add(">retried");
        }
        headers.addAll(List.of(">progress", ">elapsed", ">ETA", "comment"));
        Table table = new Table(headers.toArray(String[]::new));
        for (ExperimentStatus s : shown) {
            Experiment e = s.experiment();
            List<String> row = new ArrayList<>(List.of(e.folderName(), Integer.toString(s.total()),
                    colored(s.count(RunState.RUNNING), "yellow"), colored(s.count(RunState.DONE), "green"),
                    colored(s.count(RunState.CRASHED), "red")));
            if (timedOut) {
                row.add(colored(s.count(RunState.TIMED_OUT), "red"));
            }
            row.addAll(List.of(colored(s.count(RunState.LOST), "red"), colored(s.count(RunState.ABORTED), "magenta")));
            if (pruned) {
                row.add(colored(s.count(RunState.PRUNED), "cyan"));
            }
            row.add(Integer.toString(s.waiting()));
            if (queued) {
                row.add(Integer.toString(s.count(RunState.QUEUED) + s.count(RunState.REQUEUED)));
            }
            if (held) {
                row.add(Integer.toString(s.count(RunState.HELD)));
            }
            if (retried) {
                row.add(Integer.toString(s.retried()));
            }
            row.addAll(List.of(progress(s), s.elapsedSeconds() < 0 ? "-" : Eta.format(s.elapsedSeconds()), eta(s),
                    e.meta().comment() == null ? "" : e.meta().comment().replace("@|", "@ |")));
            table.row(row.toArray(String[]::new));
        }
        table.print(out, ansi);
        for (ExperimentStatus s : shown) {
            if (s.leftovers() > 0) {
                out.println(ansi.string("@|yellow " + s.experiment().folderName() + ": " + s.leftovers() + " ended run"
                        + (s.leftovers() == 1 ? " left processes" : "s left processes") + " behind (liftoff-procs lists them; "
                        + "liftoff-abort stops them)|@"));
            }
        }
    }

    private static String colored(int count, String color) {
        return count == 0 ? "0" : "@|" + color + " " + count + "|@";
    }

    /** Rounded down, so that 100.0% means every run has ended. */
    static String progress(ExperimentStatus status) {
        double percent = Math.floor(status.progress() * 1000) / 10;
        String text = String.format("%.1f%%", percent);
        return status.progress() >= 1.0 ? "@|green " + text + "|@" : text;
    }

    private static String eta(ExperimentStatus status) {
        if (status.etaSeconds() == 0) {
            return "-";
        }
        return status.etaSeconds() < 0 && !status.isActive() ? "idle" : Eta.format(status.etaSeconds());
    }

    private static void printRuns(PrintWriter out, Ansi ansi, ExperimentStatus status) {
        out.println();
        out.println(ansi.string("@|bold " + status.experiment().folderName() + "|@"));
        List<Metrics> reported = status.runs().stream().map(StatusCommand::metrics).toList();
        // The step and metrics columns appear when some run reported metrics.
        boolean withMetrics = reported.stream().anyMatch(m -> !m.isEmpty());
        List<String> headers = new ArrayList<>(List.of("run", "state", ">exit", "gpu", ">pid", ">time", ">attempt"));
        if (withMetrics) {
            headers.addAll(List.of(">step", "metrics"));
        }
        headers.add("note");
        Table table = new Table(headers.toArray(String[]::new));
        long now = System.currentTimeMillis();
        for (int i = 0; i < status.runs().size(); i++) {
            RunView view = status.runs().get(i);
            long seconds = view.seconds(now);
            String note = view.reason() != null ? view.reason()
                    : view.leftovers() > 0 ? processes(view.leftovers()) + " left behind"
                    : view.stoppedLeftovers() > 0 ? "stopped " + processes(view.stoppedLeftovers()) + " it left" : "";
            List<String> row = new ArrayList<>(List.of(view.run().name(), stateCell(view.state()),
                    view.exitCode() == null ? "-" : view.exitCode().toString(), view.gpu() == null ? "-" : view.gpu(),
                    view.process() == null || view.state() != RunState.RUNNING ? "-" : Long.toString(view.process().pid()),
                    seconds < 0 ? "-" : Eta.format(seconds), Integer.toString(view.attempt())));
            if (withMetrics) {
                Metrics.Line last = reported.get(i).lastLine();
                row.add(last == null ? "-" : last.stepValue().toString());
                row.add(metricsCell(reported.get(i).latest()).replace("@|", "@ |"));
            }
            row.add(note.replace("@|", "@ |"));
            table.row(row.toArray(String[]::new));
        }
        table.print(out, ansi);
    }

    /** The metrics a run reported, as far as the end of its file tells (its latest values); a run not started has none. */
    private static Metrics metrics(RunView view) {
        return view.startMillis() < 0 && !view.state().ended() ? Metrics.NONE : Metrics.readTail(view.run().metrics());
    }

    /** {@code loss=0.31 acc=0.9}, cut after a few metrics so the table stays readable. */
    private static String metricsCell(Map<String, Double> latest) {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, Double> metric : latest.entrySet()) {
            shown.add(metric.getKey() + "=" + ResultTable.shortText(metric.getValue()));
        }
        String text = String.join(" ", shown.subList(0, Math.min(4, shown.size())));
        return shown.size() > 4 ? text + " …" : text;
    }

    private static String processes(int count) {
        return count + " process" + (count == 1 ? "" : "es");
    }

    static String stateCell(RunState state) {
        switch (state) {
            case RUNNING:
                return "@|yellow running|@";
            case DONE:
                return "@|green done|@";
            case CRASHED:
            case TIMED_OUT:
            case LOST:
                return "@|red " + state.label() + "|@";
            case ABORTED:
                return "@|magenta aborted|@";
            case PRUNED:
                return "@|cyan pruned|@";
            default:
                return state.label();
        }
    }

    private static void printCrashes(PrintWriter out, Ansi ansi, List<ExperimentStatus> shown) {
        List<CrashGroups.Group> groups = CrashGroups.of(shown);
        out.println();
        if (groups.isEmpty()) {
            out.println("no failed runs");
            return;
        }
        int total = groups.stream().mapToInt(CrashGroups.Group::count).sum();
        out.println(ansi.string("@|bold " + total + " failed run" + (total == 1 ? "" : "s") + ", " + groups.size()
                + " kind" + (groups.size() == 1 ? "" : "s") + ":|@"));
        Table table = new Table(">count", "kind", "last error line", "example");
        for (CrashGroups.Group group : groups) {
            table.row(Integer.toString(group.count()), "@|red " + group.kind() + "|@", group.message().replace("@|", "@ |"),
                    Display.path(group.exampleErr()));
        }
        table.print(out, ansi);
    }

    private void printJson(PrintWriter out, List<ExperimentStatus> shown) {
        List<Object> experiments = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (ExperimentStatus s : shown) {
            Map<String, Object> item = new LinkedHashMap<>();
            Experiment e = s.experiment();
            item.put("schema", JsonOutput.STATUS_SCHEMA);
            item.put("experiment", e.folderName());
            item.put("path", e.dir().toString());
            item.put("name", e.name());
            item.put("timestamp", e.timestamp());
            item.put("comment", e.meta().comment());
            item.put("total", s.total());
            for (RunState state : RunState.values()) {
                item.put(state.key(), s.count(state));
            }
            item.put("retried", s.retried());
            item.put("left_processes", s.leftovers());
            item.put("progress", s.progress());
            item.put("elapsed_seconds", s.elapsedSeconds() < 0 ? null : s.elapsedSeconds());
            item.put("eta_seconds", s.etaSeconds() < 0 ? null : s.etaSeconds());
            if (slurmViewAges.get(s) != null) {
                item.put("slurm_view_age_seconds", slurmViewAges.get(s));
            }
            List<Object> sessions = new ArrayList<>();
            for (SessionRecord session : s.liveSessions()) {
                sessions.add(session.toMap());
            }
            item.put("sessions", sessions);
            if (runs) {
                List<Object> views = new ArrayList<>();
                for (RunView view : s.runs()) {
                    Map<String, Object> map = view.toMap(now);
                    Metrics metrics = metrics(view);
                    map.put("step", metrics.isEmpty() ? null : metrics.lastLine().stepValue());
                    map.put("metrics", metrics.latest());
                    views.add(map);
                }
                item.put("runs", views);
            }
            if (crashes) {
                List<Object> groups = new ArrayList<>();
                for (CrashGroups.Group group : CrashGroups.of(List.of(s))) {
                    groups.add(Map.of("kind", group.kind(), "message", group.message(), "count", group.count(),
                            "example", group.exampleErr().toString()));
                }
                item.put("crashes", groups);
            }
            experiments.add(item);
        }
        JsonOutput.print(out, experiments);
    }
}
