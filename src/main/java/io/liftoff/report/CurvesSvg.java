package io.liftoff.report;

import io.liftoff.store.RunState;
import java.util.List;

/**
 * The report's learning curves: one chart per metric, a line per run (step against value), pruned runs
 * faded, the best run's line drawn last and highlighted, the axes labelled with their ranges. Hovering
 * a line shows its run and last value through an SVG {@code <title>}, as the timeline's bars do.
 */
final class CurvesSvg {
    static final int HEIGHT = 220;
    static final int PLOT_TOP = 28;
    static final int PLOT_BOTTOM = HEIGHT - 28;
    /** The best run's line; a colour no outcome uses, so a screenshot can find it. */
    static final int BEST_RGB = 0xE7298A;

    private final List<Curves> curves;
    private final StringBuilder out;

    CurvesSvg(List<Curves> curves, StringBuilder out) {
        this.curves = curves;
        this.out = out;
    }

    static void style(StringBuilder out) {
        out.append("svg.curves{display:block;margin:8px 0 0}\n")
                .append(".cv{fill:none;stroke:#5b6472;stroke-opacity:.55;stroke-width:1.2}\n")
                .append(".cv.pr{stroke-opacity:.16;stroke-dasharray:3 2}\n")
                .append(".cv.best{stroke:#").append(String.format("%06X", BEST_RGB)).append(";stroke-opacity:1;stroke-width:2.5}\n")
                .append(".cv:hover{stroke-width:3}\n");
    }

    void draw() {
        if (curves.isEmpty()) {
            return;
        }
        out.append("<section class=\"metrics\">\n<h2>Metrics</h2>\n");
        for (Curves chart : curves) {
            draw(chart);
        }
        out.append("<p class=\"note\">One line per run; pruned runs faded, the run with the best last value highlighted."
                + " Hover a line to see its run.</p>\n</section>\n");
    }

    private void draw(Curves chart) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Curves.Line line : chart.lines()) {
            for (int i = 0; i < line.steps().length; i++) {
                minX = Math.min(minX, line.steps()[i]);
                maxX = Math.max(maxX, line.steps()[i]);
                minY = Math.min(minY, line.values()[i]);
                maxY = Math.max(maxY, line.values()[i]);
            }
        }
        double spanX = maxX > minX ? maxX - minX : 1;
        double spanY = maxY > minY ? maxY - minY : 1;
        int left = Chart.PLOT_LEFT;
        int right = Chart.PLOT_RIGHT;
        out.append("<svg class=\"curves\" width=\"").append(Chart.WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n<text x=\"").append(left).append("\" y=\"16\" class=\"grp\">");
        Format.escape(out, chart.metric() + (chart.minimize() ? " (lower is better)" : " (higher is better)"));
        out.append("</text>\n");
        for (int k = 0; k <= 4; k++) {
            double y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * k / 4.0;
            out.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(right).append("\" y1=\"");
            Format.decimal(out, y);
            out.append("\" y2=\"");
            Format.decimal(out, y);
            out.append("\"/><text class=\"lab\" x=\"").append(left - 6).append("\" y=\"");
            Format.decimal(out, y + 4);
            out.append("\">").append(number(minY + spanY * k / 4)).append("</text>\n");
        }
        out.append("<text class=\"tick\" x=\"").append(left).append("\" y=\"").append(HEIGHT - 8).append("\">step ")
                .append(number(minX)).append("</text><text class=\"tick\" x=\"").append(right).append("\" y=\"")
                .append(HEIGHT - 8).append("\">").append(number(maxX)).append("</text>\n");
        for (int i = 0; i <= chart.lines().size(); i++) {
            // The best line last, over the others.
            int index = i < chart.lines().size() ? i : chart.best();
            if (i < chart.lines().size() && i == chart.best()) {
                continue;
            }
            Curves.Line line = chart.lines().get(index);
            out.append("<polyline class=\"cv").append(line.state() == RunState.PRUNED ? " pr" : "")
                    .append(index == chart.best() ? " best" : "").append("\" points=\"");
            for (int p = 0; p < line.steps().length; p++) {
                Format.decimal(out, left + (right - left) * (line.steps()[p] - minX) / spanX);
                out.append(',');
                Format.decimal(out, PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (line.values()[p] - minY) / spanY);
                out.append(' ');
            }
            out.append("\"><title>");
            Format.escape(out, line.run() + " · " + line.state().label() + " · last " + number(line.last()));
            out.append("</title></polyline>\n");
        }
        out.append("</svg>\n");
    }

    /** A value for an axis or a hover: whole numbers as they are, others to four significant digits. */
    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
