package io.liftoff.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics a run reports, {@code <variation>/.__runs/<run>.metrics} (its path is the run's
 * {@code $LIFTOFF_METRICS}): one JSON object per line, appended by the run, by Python's
 * {@code liftoff.report(step, **metrics)} or by any program that appends lines such as
 *
 * <pre>
 * {"step": 10, "loss": 0.31, "acc": 0.9, "time": 1764000000.25}
 * </pre>
 *
 * {@code step} is required (a number; lines without one are skipped); {@code time} (epoch seconds) is
 * optional; every other key whose value is a number ({@code NaN} and {@code Infinity} bare, as Python's
 * json writes them) is a metric, other values are ignored. A line that is not such an object (garbage,
 * a last line still being written) is skipped: readers take what they can parse, as for records.
 * liftoff never writes this file; an archived attempt keeps it as {@code metrics} ({@link Attempts}).
 */
public final class Metrics {
    public static final String STEP = "step";
    public static final String TIME = "time";
    /** How much of a file's end {@link #readTail} reads: enough for the latest line of every metric of most runs. */
    static final int TAIL_BYTES = 64 * 1024;
    /** A run that reported nothing. */
    public static final Metrics NONE = new Metrics(List.of());

    /** One line: its step, its time (NaN when it has none) and its metrics, in the order written. */
    public record Line(double step, double time, Map<String, Double> values) {
        /** The step as written: a whole number as a long, otherwise the double. */
        public Number stepValue() {
            return step == Math.rint(step) && Math.abs(step) < 1e15 ? (Number) (long) step : (Number) step;
        }
    }

    private final List<Line> lines;

    private Metrics(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /** Every line of the file; none when the file is missing or unreadable. */
    public static Metrics read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** The lines in the file's last 64 KiB (what status shows: the latest values, without reading a long file whole). */
    public static Metrics readTail(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = Math.max(0, size - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
                // reads until the end seen at open
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            // The first line of a tail is usually cut: it is skipped as a line cut short would be.
            return parse(from > 0 ? text.substring(text.indexOf('\n') + 1) : text);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    public static Metrics parse(String text) {
        List<Line> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            Line parsed = line.isBlank() ? null : parseLine(line);
            if (parsed != null) {
                lines.add(parsed);
            }
        }
        return new Metrics(lines);
    }

    private static Line parseLine(String text) {
        Object value;
        try {
            value = Json.readPythonic(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!(value instanceof Map<?, ?> event) || !(event.get(STEP) instanceof Number step)) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : event.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!STEP.equals(name) && !TIME.equals(name) && entry.getValue() instanceof Number number) {
                values.put(name, number.doubleValue());
            }
        }
        double time = event.get(TIME) instanceof Number number ? number.doubleValue() : Double.NaN;
        return new Line(step.doubleValue(), time, values);
    }

    public List<Line> lines() {
        return lines;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The metrics' names, in the order they first appear. */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Line line : lines) {
            names.addAll(line.values().keySet());
        }
        return List.copyOf(names);
    }

    /** The last line, or null when there is none. */
    public Line lastLine() {
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    /** The last value written of each metric (metrics reported at different steps each keep their own last). */
    public Map<String, Double> latest() {
        Map<String, Double> latest = new LinkedHashMap<>();
        for (String name : names()) {
            latest.put(name, null);
        }
        for (Line line : lines) {
            latest.putAll(line.values());
        }
        return latest;
    }

    /** The smallest ({@code minimize}) or largest value of a metric, NaN skipped; null when it has none. */
    public Double best(String name, boolean minimize) {
        Double best = null;
        for (Line line : lines) {
            Double value = line.values().get(name);
            if (value != null && !value.isNaN() && (best == null || (minimize ? value < best : value > best))) {
                best = value;
            }
        }
        return best;
    }

    /** A metric's value for people: 6 significant digits, {@code 3.0} for a whole number, {@code nan} and {@code inf} as Python writes them. */
    public static String text(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value) + ".0";
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        return exponent < -4 || exponent >= 15 ? rounded.toString() : rounded.toPlainString();
    }
}
