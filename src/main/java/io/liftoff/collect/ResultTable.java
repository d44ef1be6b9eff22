package io.liftoff.collect;

import io.liftoff.LiftoffException;
import io.liftoff.store.Json;
import io.liftoff.store.Metrics;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of named columns, as {@code liftoff-collect} prints them: each row maps column names to values (null when empty). */
public final class ResultTable {
    private final List<String> columns;
    private final List<Map<String, Object>> rows;

    public ResultTable(List<String> columns, List<Map<String, Object>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public List<String> columns() {
        return columns;
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /**
     * The rows ordered by a column: numerically where both values are numbers, otherwise as text
     * (numbers first); empty cells last either way. Equal rows keep their order.
     */
    public ResultTable sortedBy(String column, boolean descending) {
        if (!columns.contains(column)) {
            throw noSuchColumn("--sort", column);
        }
        Comparator<Object> order = ResultTable::compare;
        Comparator<Object> direction = descending ? order.reversed() : order;
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> {
            Object x = a.get(column);
            Object y = b.get(column);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return direction.compare(x, y);
        });
        return new ResultTable(columns, sorted);
    }

    /** Only the named columns, in that order (keys of a row that are no column, such as a run's config, stay). */
    public ResultTable select(List<String> chosen) {
        for (String column : chosen) {
            if (!columns.contains(column)) {
                throw noSuchColumn("--columns", column);
            }
        }
        List<Map<String, Object>> selected = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String column : chosen) {
                kept.put(column, row.get(column));
            }
            for (Map.Entry<String, Object> entry : row.entrySet()) {
                if (!columns.contains(entry.getKey())) {
                    kept.put(entry.getKey(), entry.getValue());
                }
            }
            selected.add(kept);
        }
        return new ResultTable(chosen, selected);
    }

    private LiftoffException noSuchColumn(String option, String column) {
        List<String> shown = columns.size() > 12 ? columns.subList(0, 12) : columns;
        return LiftoffException.usage(option + " " + column + ": no such column; the columns are " + String.join(", ", shown)
                + (columns.size() > shown.size() ? ", ..." : ""));
    }

    private static int compare(Object a, Object b) {
        boolean numberA = isNumber(a);
        boolean numberB = isNumber(b);
        if (numberA && numberB) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (numberA != numberB) {
            return numberA ? -1 : 1;
        }
        return text(a).compareTo(text(b));
    }

    static boolean isNumber(Object value) {
        return value instanceof Number;
    }

    /** The table as CSV with a header row, the way Python's csv module writes it. */
    public void writeCsv(Writer out) throws IOException {
        Csv.writeRecord(out, columns);
        for (Map<String, Object> row : rows) {
            List<String> fields = new ArrayList<>(columns.size());
            for (String column : columns) {
                fields.add(text(row.get(column)));
            }
            Csv.writeRecord(out, fields);
        }
    }

    /**
     * A value as CSV holds it: numbers as Python prints them ({@code nan}, {@code inf}), lists and
     * mappings as JSON, nothing for null.
     */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number)) {
                return "nan";
            }
            if (Double.isInfinite(number)) {
                return number > 0 ? "inf" : "-inf";
            }
            String text = Double.toString(number);
            // Python writes 1e7 up to 1e16 in full (an epoch time: 1764000000.25), where Java writes 1.76400000025E9.
            if (Math.abs(number) >= 1e7 && Math.abs(number) < 1e16) {
                String plain = new BigDecimal(text).toPlainString();
                return plain.contains(".") ? plain : plain + ".0";
            }
            return text;
        }
        if (value instanceof Map || value instanceof List) {
            StringWriter json = new StringWriter();
            try {
                Json.writePythonic(value, json, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return json.toString();
        }
        return value.toString();
    }

    /** A value for people: like {@link #text}, with fractions to 6 significant digits and {@code -} for nothing. */
    public static String shortText(Object value) {
        if (value == null) {
            return "-";
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return Metrics.text(((Number) value).doubleValue());
        }
        String text = printable(text(value));
        return text.length() > 60 ? text.substring(0, 59) + "…" : text;
    }

    /** Line breaks and tabs as {@code \\n}, {@code \\t}; other control characters (a terminal's escapes) as {@code ?}. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (c == '\t') {
                shown.append("\\t");
            } else {
                shown.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        return shown.toString();
    }
}
