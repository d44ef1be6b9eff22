package io.liftoff.report;

import io.liftoff.store.Mode;
import io.liftoff.inspect.RunView;
import io.liftoff.store.Metrics;
import io.liftoff.store.RunState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric's learning curves, as the report draws them: a line per run that reported it (step
 * against value), which way it improves ({@link Mode#guess}, as liftoff-collect does), and which run
 * is best (its last value the best of all runs' last values). Bounded for the page: at most
 * {@link #MAX_METRICS} metrics, and each line thinned to at most {@link #MAX_POINTS} points.
 */
public record Curves(String metric, boolean minimize, List<Line> lines, int best) {
    static final int MAX_METRICS = 8;
    static final int MAX_POINTS = 400;

    /** One run's curve: its name, state (a pruned run is drawn faded), steps and values. */
    public record Line(String run, RunState state, double[] steps, double[] values) {
        double last() {
            return values[values.length - 1];
        }
    }

    /** The curves of the runs' metrics, in the order the metrics first appear; none when no run reported any. */
    public static List<Curves> of(List<RunView> views) {
        Map<String, List<Line>> byMetric = new LinkedHashMap<>();
        for (RunView view : views) {
            Metrics metrics = Metrics.read(view.run().metrics());
            for (String name : metrics.names()) {
                if (byMetric.size() >= MAX_METRICS && !byMetric.containsKey(name)) {
                    continue;
                }
                Line line = line(view, metrics, name);
                if (line != null) {
                    byMetric.computeIfAbsent(name, k -> new ArrayList<>()).add(line);
                }
            }
        }
        List<Curves> curves = new ArrayList<>();
        byMetric.forEach((name, lines) -> {
            boolean minimize = Mode.guess(name).minimizes();
            int best = -1;
            for (int i = 0; i < lines.size(); i++) {
                double last = lines.get(i).last();
                if (best < 0 || (minimize ? last < lines.get(best).last() : last > lines.get(best).last())) {
                    best = i;
                }
            }
            curves.add(new Curves(name, minimize, lines, best));
        });
        return curves;
    }

    /** A run's points for one metric (finite values only), thinned evenly to {@link #MAX_POINTS}; null when none. */
    private static Line line(RunView view, Metrics metrics, String name) {
        List<double[]> points = new ArrayList<>();
        for (Metrics.Line line : metrics.lines()) {
            Double value = line.values().get(name);
            if (value != null && Double.isFinite(value) && Double.isFinite(line.step())) {
                points.add(new double[] {line.step(), value});
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        int count = Math.min(points.size(), MAX_POINTS);
        double[] steps = new double[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            // The first and last points are always kept: a curve ends where the run ended.
            double[] point = points.get(count == 1 ? 0 : (int) Math.round((double) i * (points.size() - 1) / (count - 1)));
            steps[i] = point[0];
            values[i] = point[1];
        }
        return new Line(view.run().name(), view.state(), steps, values);
    }
}
