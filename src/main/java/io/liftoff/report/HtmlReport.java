package io.liftoff.report;

import io.liftoff.report.Timeline.CrashGroup;
import io.liftoff.report.Timeline.Summary;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no script, no font, no URL) with
 * the timeline of runs on their lanes, the learning curves of the metrics runs reported, then the status
 * summary, the utilisation per GPU and the crash groups. Hovering a bar shows its run through the SVG {@code <title>}, which needs no script.
 *
 * <p>It writes the page around the timeline, section by section; {@link TimelineSvg} draws the timeline
 * itself. Both take their geometry from {@link Chart}, which the Chromium test relies on.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "report.html";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** States the status table always lists; the others only when some run is in them. */
    private static final List<RunState> ALWAYS_SHOWN = List.of(
            RunState.PENDING, RunState.RUNNING, RunState.DONE, RunState.CRASHED, RunState.TIMED_OUT, RunState.LOST, RunState.ABORTED);

    private final Timeline timeline;
    private final Chart chart;
    private final StringBuilder out;

    private HtmlReport(Timeline timeline) {
        this.timeline = timeline;
        this.chart = new Chart(Lanes.of(timeline));
        this.out = new StringBuilder(16_384 + 220 * timeline.runs().size());
    }

    /** The page for a timeline. */
    public static String render(Timeline timeline) {
        HtmlReport report = new HtmlReport(timeline);
        report.page();
        return report.out.toString();
    }

    /** Where the report goes by default: {@code report.html} in the experiment folder. */
    public static Path defaultFile(Timeline timeline) {
        return timeline.folder().resolve(FILE_NAME);
    }

    /**
     * Writes the page to {@code file} through a temporary file beside it, so that a browser never
     * shows half a report, even while an older one is replaced.
     *
     * @return the file written
     */
    public static Path write(Timeline timeline, Path file) throws IOException {
        byte[] bytes = render(timeline).getBytes(StandardCharsets.UTF_8);
        // Not Files.createTempFile: its owner-only permissions would stay on the report.
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    private void page() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        text("liftoff report · " + timeline.experiment());
        out.append("</title>\n<style>\n");
        style();
        out.append("</style>\n</head>\n<body>\n");
        header();
        new TimelineSvg(timeline, chart, out).draw();
        new CurvesSvg(timeline.curves(), out).draw();
        out.append("<div class=\"below\">\n");
        status();
        utilisation();
        out.append("</div>\n");
        crashGroups();
        out.append("<footer>Made by liftoff-report. Hover a bar to see its run.</footer>\n</body>\n</html>\n");
    }

    private void style() {
        out.append("body{margin:0;padding:").append(Chart.HEADER_TOP).append("px ").append(Chart.PAGE_X)
                .append("px 32px;min-width:").append(Chart.WIDTH).append("px;")
                .append("font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;")
                .append("color:#1d2330;background:#fff}\n")
                .append("header{height:").append(Chart.HEADER_HEIGHT).append("px;box-sizing:border-box;overflow:hidden;")
                .append("width:").append(Chart.WIDTH).append("px}\n")
                .append("header h1{margin:0;font-size:22px;line-height:32px;font-weight:600;")
                .append("white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n")
                .append("header p{margin:0;line-height:22px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n")
                .append("header .where{color:#5b6472}\n")
                .append(".live{color:#0072B2;font-weight:600}\n")
                .append("svg.timeline{display:block;margin:0}\n")
                .append("svg text{fill:#3a4250;font-size:12px}\n")
                .append(".lab{text-anchor:end}\n.grp{font-weight:600}\n")
                .append(".band{fill:#eef0f4}\n.grid{stroke:#d5d9e0;stroke-width:1}\n")
                .append(".axis{stroke:#5b6472;stroke-width:1}\n.tick{text-anchor:middle}\n")
                .append(".day{fill:#7a8392;font-size:11px}\n")
                .append(".now{stroke:#1d2330;stroke-width:1.5;stroke-dasharray:4 3}\n")
                .append(".b:hover{stroke:#1d2330;stroke-width:2}\n")
                .append(".empty{text-anchor:middle;fill:#7a8392;font-size:14px}\n");
        for (Outcome outcome : Outcome.values()) {
            out.append('.').append(outcome.css()).append("{fill:");
            if (outcome.stripes() == null) {
                out.append(outcome.hex());
            } else {
                out.append("url(#p-").append(outcome.css()).append(')');
            }
            out.append("}\n");
        }
        out.append(".below{display:flex;gap:56px;align-items:flex-start;margin-top:20px}\n")
                .append("h2{font-size:16px;margin:0 0 8px;font-weight:600}\n")
                .append("section{margin-top:20px}\n")
                .append("table{border-collapse:collapse}\n")
                .append("th,td{padding:3px 12px 3px 0;text-align:left;vertical-align:top}\n")
                .append("th{font-weight:600;border-bottom:1px solid #c9ced6}\n")
                .append("td.n,th.n{text-align:right}\n")
                .append("tr.zero td{color:#9aa1ad}\n")
                .append("tr.total td{border-top:1px solid #c9ced6;font-weight:600}\n")
                .append(".sw{vertical-align:-1px;margin-right:6px}\n")
                .append(".meter{display:inline-block;width:120px;height:10px;background:#eef0f4;")
                .append("margin-right:8px;vertical-align:0}\n")
                .append(".meter span{display:block;height:100%;background:#5b6472}\n")
                .append(".note{color:#5b6472;max-width:560px;margin:8px 0 0}\n")
                .append("code{font:12px/1.4 ui-monospace,'DejaVu Sans Mono',monospace;white-space:pre-wrap;")
                .append("word-break:break-all}\n")
                .append("footer{margin-top:28px;color:#7a8392}\n");
        CurvesSvg.style(out);
    }

    private void header() {
        Summary summary = timeline.summary();
        out.append("<header>\n<h1>");
        text(timeline.experiment());
        out.append("</h1>\n<p class=\"where\">");
        text(timeline.folder().toString());
        out.append(" · made ");
        text(STAMP.format(Instant.ofEpochMilli(timeline.nowMillis()).atZone(timeline.zone())));
        out.append(' ');
        text(timeline.zone().getId());
        if (summary.count(RunState.RUNNING) > 0) {
            out.append(" · <span class=\"live\">still running</span>");
        }
        out.append("</p>\n<p>");
        out.append(summary.total()).append(summary.total() == 1 ? " run" : " runs");
        for (RunState state : RunState.values()) {
            if (summary.count(state) > 0) {
                out.append(" · ").append(summary.count(state)).append(' ').append(state.label());
            }
        }
        out.append(" · progress ").append(Format.percent(summary.progress()));
        out.append(" · elapsed ").append(Format.seconds(summary.elapsedSeconds()));
        out.append(" · ETA ").append(eta(summary));
        out.append("</p>\n</header>\n");
    }

    private void status() {
        Summary summary = timeline.summary();
        out.append("<section>\n<h2>Status</h2>\n<table>\n<tr><th>state</th><th class=\"n\">runs</th></tr>\n");
        for (RunState state : RunState.values()) {
            int count = summary.count(state);
            if (count == 0 && !ALWAYS_SHOWN.contains(state)) {
                continue;
            }
            out.append(count == 0 ? "<tr class=\"zero\"><td>" : "<tr><td>");
            swatch(state);
            out.append(state.label()).append("</td><td class=\"n\">").append(count).append("</td></tr>\n");
        }
        out.append("<tr class=\"total\"><td>total</td><td class=\"n\">").append(summary.total())
                .append("</td></tr>\n</table>\n<p><span class=\"meter\"><span style=\"width:");
        Format.decimal(out, Math.max(0, Math.min(1, summary.progress())) * 100);
        out.append("%\"></span></span>progress ").append(Format.percent(summary.progress())).append(" · elapsed ")
                .append(Format.seconds(summary.elapsedSeconds())).append(" · ETA ")
                .append(eta(summary)).append("</p>\n</section>\n");
    }

    /** As liftoff-status shows it: {@code -} when nothing is left to wait for. */
    private static String eta(Summary summary) {
        return summary.etaSeconds() == 0 ? "-" : Format.seconds(summary.etaSeconds());
    }

    private void swatch(RunState state) {
        Outcome outcome = Outcome.of(state);
        if (outcome == Outcome.OTHER) {
            out.append("<svg class=\"sw\" width=\"14\" height=\"11\"></svg>");
            return;
        }
        out.append("<svg class=\"sw\" width=\"14\" height=\"11\"><rect class=\"").append(outcome.css())
                .append("\" width=\"14\" height=\"11\"/></svg>");
    }

    private void utilisation() {
        List<Utilisation> rows = Utilisation.of(chart.lanes());
        boolean cpuOnly = chart.lanes().cpuOnly();
        out.append("<section>\n<h2>Utilisation</h2>\n<table>\n<tr><th>").append(cpuOnly ? "slots" : "GPU")
                .append("</th><th class=\"n\">slots</th><th class=\"n\">runs</th><th>busy</th><th>slot use</th></tr>\n");
        for (Utilisation row : rows) {
            out.append("<tr><td>");
            text(row.label());
            out.append("</td><td class=\"n\">").append(row.slots()).append("</td><td class=\"n\">").append(row.runs())
                    .append("</td><td>");
            meter(row.busy());
            out.append("</td><td>");
            meter(row.slotUse());
            out.append("</td></tr>\n");
        }
        long wall = chart.lanes().endMillis() - chart.lanes().startMillis();
        out.append("</table>\n<p class=\"note\">Over the wall time, ").append(Format.duration(wall))
                .append(" from the first start to the ")
                .append(timeline.summary().count(RunState.RUNNING) > 0 ? "report" : "last end")
                .append(": <b>busy</b> is the share of it with at least one run on the ")
                .append(cpuOnly ? "slots" : "GPU")
                .append(", <b>slot use</b> is run time over wall time × slots.</p>\n</section>\n");
    }

    private void meter(double fraction) {
        out.append("<span class=\"meter\"><span style=\"width:");
        Format.decimal(out, Math.max(0, Math.min(1, fraction)) * 100);
        out.append("%\"></span></span>").append(Format.percent(fraction));
    }

    private void crashGroups() {
        out.append("<section>\n<h2>Crash groups</h2>\n");
        List<CrashGroup> groups = timeline.crashGroups();
        if (groups.isEmpty()) {
            out.append("<p>No run crashed.</p>\n</section>\n");
            return;
        }
        out.append("<table>\n<tr><th class=\"n\">runs</th><th>kind</th><th>error</th><th>example</th></tr>\n");
        for (CrashGroup group : groups) {
            out.append("<tr><td class=\"n\">").append(group.count()).append("</td><td>");
            text(group.kind());
            out.append("</td><td><code>");
            text(group.message());
            out.append("</code></td><td><code>");
            text(shown(group.example()));
            out.append("</code></td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private String shown(Path path) {
        if (path == null) {
            return "";
        }
        Path folder = timeline.folder();
        return path.startsWith(folder) && !path.equals(folder) ? folder.relativize(path).toString() : path.toString();
    }

    private void text(String value) {
        Format.escape(out, value);
    }
}
