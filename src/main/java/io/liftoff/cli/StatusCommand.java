package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.inspect.CrashGroups;
import io.liftoff.inspect.Eta;
import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.store.Experiment;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "liftoff-status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Shows experiments with a live launcher or running runs (-a: all of them): how many runs are "
                    + "running, done, crashed, lost, aborted and pending, progress, elapsed time and ETA.",
            "In a split terminal: watch -c -n 1 liftoff-status -a --color=always"})
public final class StatusCommand implements Callable<Integer> {
    @Option(names = {"-a", "--all"}, description = "Every experiment in the results folder.")
    boolean all;

    @Mixin
    SelectionMixin selection;

    @Option(names = "--runs", description = "Also list each run: state, exit code, GPU, pid and time.")
    boolean runs;

    @Option(names = "--crashes", description = "Group the crashed runs by what they last printed on stderr, with a count and an example.")
    boolean crashes;

    @Option(names = "--json", description = "Print JSON (one object per experiment) for scripts.")
    boolean json;

    @Mixin
    ColorMixin color;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Experiment> candidates = selection.selected();
        boolean details = runs || crashes;
        List<ExperimentStatus> shown = new ArrayList<>();
        for (Experiment experiment : candidates) {
            ExperimentStatus status = StatusScanner.scan(experiment, details);
            if (all || selection.isNarrowed() || status.isActive()) {
                shown.add(status);
            }
        }
        if (json) {
            printJson(out, shown);
            return 0;
        }
        if (shown.isEmpty()) {
            out.println(emptyMessage(candidates.size()));
            return 0;
        }
        Ansi ansi = color.ansi();
        printTable(out, ansi, shown);
        if (runs) {
            for (ExperimentStatus status : shown) {
                printRuns(out, ansi, status);
            }
        }
        if (crashes) {
            printCrashes(out, ansi, shown);
        }
        return 0;
    }

    private String emptyMessage(int selectable) {
        String folder = Display.path(selection.resultsPath);
        if (!Files.isDirectory(selection.resultsPath)) {
            return "no experiments: " + folder + " does not exist yet (liftoff SCRIPT creates it)";
        }
        if (selectable == 0) {
            return "no experiments" + selection.describe() + " in " + folder;
        }
        return "no experiment is running in " + folder + " (liftoff-status -a shows all " + selectable + ")";
    }

    private static void printTable(PrintWriter out, Ansi ansi, List<ExperimentStatus> shown) {
        Table table = new Table("experiment", ">total", ">running", ">done", ">crashed", ">lost", ">aborted", ">pending",
                ">progress", ">elapsed", ">ETA", "comment");
        for (ExperimentStatus s : shown) {
            Experiment e = s.experiment();
            table.row(e.folderName(), Integer.toString(s.total()),
                    colored(s.count(RunState.RUNNING), "yellow"), colored(s.count(RunState.DONE), "green"),
                    colored(s.count(RunState.CRASHED), "red"), colored(s.count(RunState.LOST), "red"),
                    colored(s.count(RunState.ABORTED), "magenta"), Integer.toString(s.count(RunState.PENDING)),
                    progress(s), s.elapsedSeconds() < 0 ? "-" : Eta.format(s.elapsedSeconds()), eta(s),
                    e.meta().comment() == null ? "" : e.meta().comment().replace("@|", "@ |"));
        }
        table.print(out, ansi);
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
        Table table = new Table("run", "state", ">exit", "gpu", ">pid", ">time");
        long now = System.currentTimeMillis();
        for (RunView view : status.runs()) {
            long seconds = view.seconds(now);
            table.row(view.run().name(), stateCell(view.state()), view.exitCode() == null ? "-" : view.exitCode().toString(),
                    view.gpu() == null ? "-" : view.gpu(),
                    view.process() == null || view.state() != RunState.RUNNING ? "-" : Long.toString(view.process().pid()),
                    seconds < 0 ? "-" : Eta.format(seconds));
        }
        table.print(out, ansi);
    }

    static String stateCell(RunState state) {
        switch (state) {
            case RUNNING:
                return "@|yellow running|@";
            case DONE:
                return "@|green done|@";
            case CRASHED:
            case LOST:
                return "@|red " + state.label() + "|@";
            case ABORTED:
                return "@|magenta aborted|@";
            default:
                return state.label();
        }
    }

    private static void printCrashes(PrintWriter out, Ansi ansi, List<ExperimentStatus> shown) {
        List<CrashGroups.Group> groups = CrashGroups.of(shown);
        out.println();
        if (groups.isEmpty()) {
            out.println("no crashed runs");
            return;
        }
        int total = groups.stream().mapToInt(CrashGroups.Group::count).sum();
        out.println(ansi.string("@|bold " + total + " crashed run" + (total == 1 ? "" : "s") + ", " + groups.size()
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
            item.put("experiment", e.folderName());
            item.put("path", e.dir().toString());
            item.put("name", e.name());
            item.put("timestamp", e.timestamp());
            item.put("comment", e.meta().comment());
            item.put("total", s.total());
            for (RunState state : RunState.values()) {
                item.put(state.label(), s.count(state));
            }
            item.put("progress", s.progress());
            item.put("elapsed_seconds", s.elapsedSeconds() < 0 ? null : s.elapsedSeconds());
            item.put("eta_seconds", s.etaSeconds() < 0 ? null : s.etaSeconds());
            List<Object> sessions = new ArrayList<>();
            for (SessionRecord session : s.liveSessions()) {
                sessions.add(session.toMap());
            }
            item.put("sessions", sessions);
            if (runs) {
                List<Object> views = new ArrayList<>();
                for (RunView view : s.runs()) {
                    views.add(view.toMap(now));
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
