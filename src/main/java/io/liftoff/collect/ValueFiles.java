package io.liftoff.collect;

import io.liftoff.LiftoffException;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the values a run left in a file of its folder, by the file's extension: a JSON object
 * ({@code .json}), a YAML mapping ({@code .yaml}, {@code .yml}), the last row of a CSV file with a
 * header ({@code .csv}) or the last line of a JSON-lines file ({@code .jsonl}).
 */
public final class ValueFiles {
    /** JSON and YAML files are read whole; one larger than this is no summary. CSV and JSON lines stream. */
    static final long MAX_DOCUMENT_BYTES = 64L << 20;
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /** The formats, by the extension that names them. */
    enum Format { JSON, YAML, CSV, JSONL }

    private ValueFiles() {
    }

    /** The format of a file name; bad usage when the extension is none of the known ones. */
    static Format formatOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return Format.JSON;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Format.YAML;
        }
        if (lower.endsWith(".csv")) {
            return Format.CSV;
        }
        if (lower.endsWith(".jsonl")) {
            return Format.JSONL;
        }
        throw LiftoffException.usage("--file " + name + ": unknown kind of file; name a .json, .yaml, .yml, .csv or .jsonl file");
    }

    /**
     * The file's values, nested as the file has them (a CSV row is flat).
     *
     * @throws NoSuchFileException when the file is missing
     * @throws IOException with a short reason when it cannot be read as its format
     */
    public static Map<String, Object> read(Path file) throws IOException {
        Format format = formatOf(file.getFileName().toString());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            // as Files.isRegularFile sees it: what cannot be looked at is not there
            throw new NoSuchFileException(file.toString());
        }
        if (!attributes.isRegularFile()) {
            throw new NoSuchFileException(file.toString());
        }
        if ((format == Format.JSON || format == Format.YAML) && attributes.size() > MAX_DOCUMENT_BYTES) {
            throw new IOException("larger than " + (MAX_DOCUMENT_BYTES >> 20) + " MiB");
        }
        try {
            switch (format) {
                case JSON:
                    return object(Json.readPythonic(file), "a JSON object");
                case YAML:
                    return yaml(file);
                case CSV:
                    return lastCsvRow(file);
                default:
                    return lastJsonLine(file);
            }
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text");
        }
    }

    /** Nested mappings as dotted names: {@code {"metrics": {"acc": 1}}} is {@code metrics.acc = 1}. */
    public static Map<String, Object> flatten(Map<String, Object> values) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", values, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> values, Map<String, Object> flat) {
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String name = prefix + entry.getKey();
            if (entry.getValue() instanceof Map && !((Map<?, ?>) entry.getValue()).isEmpty()) {
                flatten(name + ".", (Map<String, Object>) entry.getValue(), flat);
            } else {
                flat.put(name, entry.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String expected) throws IOException {
        if (!(value instanceof Map)) {
            throw new IOException("not " + expected + " (" + (value instanceof List ? "a list" : "a single value") + ")");
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try {
            return YamlFiles.loadMapping(file);
        } catch (LiftoffException e) {
            String message = e.getMessage();
            String prefix = io.liftoff.Display.path(file);
            throw new IOException(message.startsWith(prefix) ? message.substring(prefix.length()).replaceFirst("^[:,]\\s*", "") : message);
        }
    }

    private static Map<String, Object> lastCsvRow(Path file) throws IOException {
        Csv.HeaderAndLast read;
        try (BufferedReader in = reader(file)) {
            read = Csv.headerAndLast(in);
        }
        if (read.header() == null || read.header().size() == 1 && read.header().get(0).isEmpty()) {
            throw new IOException("empty file");
        }
        if (read.last() == null) {
            throw new IOException("a header and no row");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        List<String> header = read.header();
        for (int i = 0; i < header.size(); i++) {
            String name = (i == 0 ? header.get(i).replace("\uFEFF", "") : header.get(i)).strip();
            if (!name.isEmpty() && !row.containsKey(name)) {
                row.put(name, i < read.last().size() ? typed(read.last().get(i)) : null);
            }
        }
        return row;
    }

    private static Map<String, Object> lastJsonLine(Path file) throws IOException {
        String last = null;
        try (BufferedReader in = reader(file)) {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); ; c = in.read()) {
                if (c < 0 || c == '\n') {
                    if (!line.toString().isBlank()) {
                        last = line.toString();
                    }
                    line.setLength(0);
                    if (c < 0) {
                        break;
                    }
                } else if (line.length() == Csv.MAX_RECORD_CHARS) {
                    throw new IOException("a line longer than " + (Csv.MAX_RECORD_CHARS >> 20) + " MiB characters");
                } else {
                    line.append((char) c);
                }
            }
        }
        if (last == null) {
            throw new IOException("empty file");
        }
        try {
            return object(Json.readPythonic(last), "a JSON object on its last line");
        } catch (IOException e) {
            throw new IOException("last line: " + e.getMessage());
        }
    }

    /** A CSV cell as the number it writes, or text; empty is missing. {@code nan} and {@code inf} as Python writes them. */
    static Object typed(String cell) {
        String text = cell.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(text).matches()) {
            return Long.parseLong(text);
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan":
            case "+nan":
            case "-nan":
                return Double.NaN;
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return cell;
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }
}
