package io.liftoff.report;

import io.liftoff.report.Lanes.Bar;
import io.liftoff.report.Lanes.Group;
import io.liftoff.report.Lanes.Lane;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's timeline as inline SVG: a legend, one band per lane, a bar per run (its hover text in
 * an SVG {@code <title>}, which needs no script), the "now" line of a running experiment and the time
 * axis. It appends to the page that {@link HtmlReport} writes, with the geometry of {@link Chart}.
 */
record TimelineSvg(Timeline timeline, Chart chart, StringBuilder out) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final List<Outcome> LEGEND = List.of(
            Outcome.DONE, Outcome.RUNNING, Outcome.CRASHED, Outcome.TIMED_OUT, Outcome.ABORTED, Outcome.LOST, Outcome.PRUNED);

    /** Hover texts are cut there, which keeps 10,000 runs under 5 MB whatever their titles. */
    private static final int MAX_NAME = 120;
    private static final int MAX_TITLE = 240;

    /** Appends the {@code <svg>} element of the timeline. */
    void draw() {
        Map<Outcome, Integer> barCounts = new EnumMap<>(Outcome.class);
        boolean anyRunning = false;
        for (Lane lane : chart.laneList()) {
            for (Bar bar : lane.bars()) {
                barCounts.merge(Outcome.of(bar.run().state()), 1, Integer::sum);
                anyRunning |= bar.open();
            }
        }
        out.append("<svg class=\"timeline\" width=\"").append(Chart.WIDTH).append("\" height=\"").append(chart.height())
                .append("\" viewBox=\"0 0 ").append(Chart.WIDTH).append(' ').append(chart.height())
                .append("\" role=\"img\" aria-label=\"Runs on their GPU slots over time\">\n");
        patterns();
        legend(barCounts);
        lanes();
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(chart.startMillis(), chart.endMillis(), timeline.zone(),
                chart.maxTicks());
        for (TimeAxis.Tick tick : ticks) {
            out.append("<line class=\"grid\" x1=\"");
            Format.decimal(out, Math.round(chart.x(tick.millis())) + 0.5);
            out.append("\" x2=\"");
            Format.decimal(out, Math.round(chart.x(tick.millis())) + 0.5);
            out.append("\" y1=\"").append(Chart.LANES_TOP - 4).append("\" y2=\"").append(chart.lanesBottom() + 4)
                    .append("\"/>\n");
        }
        bars();
        if (barCounts.isEmpty()) {
            out.append("<text class=\"empty\" x=\"").append((Chart.PLOT_LEFT + Chart.PLOT_RIGHT) / 2).append("\" y=\"")
                    .append((Chart.LANES_TOP + chart.lanesBottom()) / 2 + 5).append("\">no run has started yet</text>\n");
        }
        if (anyRunning) {
            double x = chart.x(timeline.nowMillis());
            out.append("<line class=\"now\" x1=\"");
            Format.decimal(out, x);
            out.append("\" x2=\"");
            Format.decimal(out, x);
            out.append("\" y1=\"").append(Chart.LANES_TOP - 8).append("\" y2=\"").append(chart.lanesBottom() + 4)
                    .append("\"/><text class=\"tick\" x=\"");
            Format.decimal(out, x);
            out.append("\" y=\"").append(Chart.LANES_TOP - 11).append("\">now</text>\n");
        }
        axis(ticks);
        out.append("</svg>\n");
    }

    private void patterns() {
        out.append("<defs>\n");
        for (Outcome outcome : Outcome.values()) {
            if (outcome.stripes() == null) {
                continue;
            }
            out.append("<pattern id=\"p-").append(outcome.css())
                    .append("\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"")
                    .append(outcome.stripes()).append("\"><rect width=\"7\" height=\"7\" fill=\"").append(outcome.hex())
                    .append("\"/><rect width=\"2\" height=\"7\" fill=\"#000\" fill-opacity=\".28\"/></pattern>\n");
        }
        out.append("</defs>\n");
    }

    private void legend(Map<Outcome, Integer> barCounts) {
        int x = Chart.PLOT_LEFT;
        int y = 10;
        for (Outcome outcome : LEGEND) {
            x = legendItem(outcome, barCounts.getOrDefault(outcome, 0), x, y);
        }
        if (barCounts.containsKey(Outcome.OTHER)) {
            legendItem(Outcome.OTHER, barCounts.get(Outcome.OTHER), x, y);
        }
    }

    /** Returns where the next item goes: past this one's text, at a generous 7.5 pixels a letter. */
    private int legendItem(Outcome outcome, int count, int x, int y) {
        String label = outcome.label() + " (" + count + ")";
        out.append("<rect class=\"").append(outcome.css()).append("\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" width=\"18\" height=\"14\"/><text x=\"").append(x + 24).append("\" y=\"").append(y + 12)
                .append("\">").append(label).append("</text>\n");
        return x + 24 + (int) Math.ceil(label.length() * 7.5) + 22;
    }

    private void lanes() {
        int index = 0;
        for (Group group : chart.lanes().groups()) {
            int first = index;
            for (Lane lane : group.lanes()) {
                out.append("<rect class=\"band\" x=\"").append(Chart.PLOT_LEFT).append("\" y=\"")
                        .append(chart.bandTop(index) + 1).append("\" width=\"").append(Chart.PLOT_RIGHT - Chart.PLOT_LEFT)
                        .append("\" height=\"").append(chart.pitch() - 2).append("\"/>\n");
                if (chart.labelsEachLane()) {
                    out.append("<text class=\"lab\" x=\"").append(Chart.PLOT_LEFT - 10).append("\" y=\"")
                            .append(chart.laneTop(index) + chart.barHeight() / 2 + 4).append("\">");
                    text(lane.label());
                    out.append("</text>\n");
                }
                index++;
            }
            if (!chart.labelsEachLane()) {
                out.append("<text class=\"lab grp\" x=\"").append(Chart.PLOT_LEFT - 10).append("\" y=\"")
                        .append(chart.bandTop(first) + 11).append("\">");
                text(group.label() + " · " + group.lanes().size() + " slots");
                out.append("</text>\n");
            }
        }
    }

    private void bars() {
        int index = 0;
        for (Lane lane : chart.laneList()) {
            if (!lane.bars().isEmpty()) {
                out.append("<g transform=\"translate(0,").append(chart.laneTop(index)).append(")\">\n");
                for (Bar bar : lane.bars()) {
                    bar(bar);
                }
                out.append("</g>\n");
            }
            index++;
        }
    }

    private void bar(Bar bar) {
        double x0 = chart.x(bar.startMillis());
        double width = chart.x(bar.endMillis()) - x0;
        // A hairline of white between runs that follow each other at once, so that they read as two.
        if (width > 4) {
            width -= 1;
        }
        width = Math.max(width, 1.5);
        out.append("<rect class=\"b ").append(Outcome.of(bar.run().state()).css()).append("\" x=\"");
        Format.decimal(out, x0);
        out.append("\" width=\"");
        Format.decimal(out, width);
        out.append("\" height=\"").append(chart.barHeight()).append("\"><title>");
        hover(bar);
        out.append("</title></rect>\n");
    }

    private void hover(Bar bar) {
        Timeline.Run run = bar.run();
        text(shortened(run.name(), MAX_NAME));
        if (!run.title().isEmpty()) {
            out.append(" — ");
            text(shortened(run.title(), MAX_TITLE));
        }
        out.append('\n').append(run.state().label());
        if (run.exitCode() != null) {
            out.append(" · exit ").append(run.exitCode());
        }
        boolean endKnown = bar.open() || run.endMillis() >= 0;
        if (endKnown) {
            out.append(" · ").append(Format.duration(bar.millis()));
            if (bar.open()) {
                out.append(" so far");
            }
        }
        if (run.attempt() > 1) {
            out.append(" · attempt ").append(run.attempt());
        }
        out.append('\n').append(CLOCK.format(Instant.ofEpochMilli(bar.startMillis()).atZone(timeline.zone())))
                .append(" → ");
        if (bar.open()) {
            out.append("now");
        } else if (endKnown) {
            out.append(CLOCK.format(Instant.ofEpochMilli(bar.endMillis()).atZone(timeline.zone())));
        } else {
            out.append("end unknown");
        }
    }

    private void axis(List<TimeAxis.Tick> ticks) {
        int y = chart.lanesBottom() + 6;
        out.append("<line class=\"axis\" x1=\"").append(Chart.PLOT_LEFT).append("\" x2=\"").append(Chart.PLOT_RIGHT)
                .append("\" y1=\"").append(y).append(".5\" y2=\"").append(y).append(".5\"/>\n");
        for (TimeAxis.Tick tick : ticks) {
            long x = Math.round(chart.x(tick.millis()));
            out.append("<line class=\"axis\" x1=\"").append(x).append(".5\" x2=\"").append(x).append(".5\" y1=\"")
                    .append(y).append("\" y2=\"").append(y + 5).append("\"/><text class=\"tick\" x=\"").append(x)
                    .append("\" y=\"").append(y + 18).append("\">").append(tick.label()).append("</text>\n");
            if (tick.date() != null) {
                out.append("<text class=\"tick day\" x=\"").append(x).append("\" y=\"").append(y + 33).append("\">")
                        .append(tick.date()).append("</text>\n");
            }
        }
    }

    private static String shortened(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    private void text(String value) {
        Format.escape(out, value);
    }
}
