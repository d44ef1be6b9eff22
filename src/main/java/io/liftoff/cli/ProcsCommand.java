package io.liftoff.cli;

import io.liftoff.inspect.Eta;
import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.process.Host;
import io.liftoff.store.Experiment;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "liftoff-procs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Lists the live launcher sessions of each experiment with the runs they started (pid, GPU, "
                + "time), and runs still going whose launcher has ended. Nothing running is a normal answer.")
public final class ProcsCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    SelectionMixin selection;

    @Option(names = "--json", description = "Print JSON for scripts.")
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
        Ansi ansi = color.ansi();
        List<ExperimentStatus> active = new ArrayList<>();
        for (Experiment experiment : selection.selected()) {
            ExperimentStatus status = StatusScanner.scan(experiment, true);
            if (status.isActive()) {
                active.add(status);
            }
        }
        if (json) {
            printJson(out, active);
            return 0;
        }
        if (active.isEmpty()) {
            out.println("no liftoff session is running" + (selection.isNarrowed() ? " for experiments" + selection.describe() : ""));
            return 0;
        }
        long now = System.currentTimeMillis();
        for (ExperimentStatus status : active) {
            out.println(ansi.string("@|bold " + status.experiment().folderName() + "|@  " + status.experiment()));
            for (SessionRecord session : status.liveSessions()) {
                out.println("  session " + session.id() + "  launcher pid " + session.launcher().pid() + host(session.launcher().host())
                        + "  since " + CLOCK.format(Instant.ofEpochSecond(session.started()))
                        + " (" + Eta.format(Math.max(0, now / 1000 - session.started())) + ")");
                printRuns(out, ansi, runsOf(status, session.id()), now);
            }
            List<RunView> orphans = orphans(status);
            if (!orphans.isEmpty()) {
                out.println("  runs whose launcher has ended:");
                printRuns(out, ansi, orphans, now);
            }
        }
        return 0;
    }

    private static String host(String host) {
        return Host.name().equals(host) ? "" : "  on host " + host;
    }

    private static List<RunView> runsOf(ExperimentStatus status, String sessionId) {
        List<RunView> runs = new ArrayList<>();
        for (RunView view : status.runs()) {
            if (view.state() == RunState.RUNNING && sessionId.equals(view.session())) {
                runs.add(view);
            }
        }
        return runs;
    }

    private static List<RunView> orphans(ExperimentStatus status) {
        List<String> live = status.liveSessions().stream().map(SessionRecord::id).toList();
        List<RunView> runs = new ArrayList<>();
        for (RunView view : status.runs()) {
            if (view.state() == RunState.RUNNING && !live.contains(view.session())) {
                runs.add(view);
            }
        }
        return runs;
    }

    private static void printRuns(PrintWriter out, Ansi ansi, List<RunView> runs, long now) {
        if (runs.isEmpty()) {
            return;
        }
        Table table = new Table(">pid", "run", "gpu", ">time");
        for (RunView view : runs) {
            table.row(view.process() == null ? "starting" : view.process().pid() + host(view.process().host()),
                    view.run().name(), view.gpu() == null ? "-" : view.gpu(),
                    view.seconds(now) < 0 ? "-" : Eta.format(view.seconds(now)));
        }
        java.io.StringWriter text = new java.io.StringWriter();
        table.print(new PrintWriter(text), ansi);
        text.toString().lines().forEach(line -> out.println("    " + line));
    }

    private void printJson(PrintWriter out, List<ExperimentStatus> active) {
        List<Object> experiments = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (ExperimentStatus status : active) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("experiment", status.experiment().folderName());
            item.put("path", status.experiment().dir().toString());
            List<Object> sessions = new ArrayList<>();
            for (SessionRecord session : status.liveSessions()) {
                Map<String, Object> map = session.toMap();
                map.put("runs", runsJson(runsOf(status, session.id()), now));
                sessions.add(map);
            }
            item.put("sessions", sessions);
            item.put("runs_without_session", runsJson(orphans(status), now));
            experiments.add(item);
        }
        JsonOutput.print(out, experiments);
    }

    private static List<Object> runsJson(List<RunView> runs, long now) {
        List<Object> list = new ArrayList<>();
        for (RunView view : runs) {
            list.add(view.toMap(now));
        }
        return list;
    }
}
