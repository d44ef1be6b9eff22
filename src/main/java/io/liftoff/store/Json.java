package io.liftoff.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON records liftoff keeps beside its markers, and {@code --json} output, through
 * Jackson's streaming API (its data-binding layer would double the start-up of liftoff-status).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonFactory CONFIG_FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Json() {
    }

    /** Writes {@code value} to {@code file} through a temporary file, so readers never see half of it. */
    public static void writeAtomically(Path file, Map<String, ?> value) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (OutputStream out = Files.newOutputStream(temporary)) {
            write(value, out, false);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes {@code value} to {@code file} in place: for records only their writer touches, whose readers accept a partial file. */
    public static void write(Path file, Map<String, ?> value) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(value, out, false);
        }
    }

    public static void write(Object value, OutputStream out, boolean pretty) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, value, pretty);
        }
    }

    public static void write(Object value, Writer out, boolean pretty) throws IOException {
        JsonGenerator generator = FACTORY.createGenerator(out);
        writeValue(generator, value, pretty);
        generator.flush();
    }

    private static void writeValue(JsonGenerator generator, Object value, boolean pretty) throws IOException {
        if (pretty) {
            generator.useDefaultPrettyPrinter();
        }
        writeTree(generator, value);
        generator.flush();
    }

    /**
     * A run's config as JSON for the Python helper: like {@link #writeAtomically}, but with YAML's
     * {@code .nan} and {@code .inf} as the bare {@code NaN} and {@code Infinity} Python's json reads.
     */
    public static void writeConfig(Path file, Map<String, ?> config) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            JsonGenerator generator = CONFIG_FACTORY.createGenerator(out);
            writeTree(generator, config);
            generator.flush();
        }
    }

    /**
     * Configs and results for Python ({@code liftoff config --json}, {@code liftoff-collect --json}):
     * NaN and infinities as the bare {@code NaN} and {@code Infinity} that Python's json reads and writes.
     */
    public static void writePythonic(Object value, Writer out, boolean pretty) throws IOException {
        JsonGenerator generator = CONFIG_FACTORY.createGenerator(out);
        writeValue(generator, value, pretty);
    }

    /**
     * Reads a JSON document that Python may have written (a run's cfg.json, a script's results):
     * bare {@code NaN} and {@code Infinity} are numbers. Unlike {@link #readObject}, errors are thrown,
     * so that a caller can say what is wrong with the file.
     */
    public static Object readPythonic(Path file) throws IOException {
        try (JsonParser parser = CONFIG_FACTORY.createParser(file.toFile())) {
            return readDocument(parser);
        }
    }

    /** The same, from text (one line of a JSON-lines file). */
    public static Object readPythonic(String text) throws IOException {
        try (JsonParser parser = CONFIG_FACTORY.createParser(text)) {
            return readDocument(parser);
        }
    }

    private static Object readDocument(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new IOException("empty file");
        }
        Object value = readTree(parser);
        if (parser.nextToken() != null) {
            throw new IOException("more than one JSON value (at line " + parser.currentLocation().getLineNr() + ")");
        }
        return value;
    }

    /**
     * A record as a JSON object: each component under its name in snake_case ({@code gitCommit} as
     * {@code git_commit}), in the record's order, so that the record's declaration is its format.
     */
    public static Map<String, Object> fields(Record record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            StringBuilder key = new StringBuilder();
            for (char c : component.getName().toCharArray()) {
                if (Character.isUpperCase(c)) {
                    key.append('_').append(Character.toLowerCase(c));
                } else {
                    key.append(c);
                }
            }
            try {
                map.put(key.toString(), component.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component + " of " + record.getClass().getName(), e);
            }
        }
        return map;
    }

    /** {@code value} as one line of compact JSON, for records that are appended to. */
    public static String line(Map<String, ?> value) {
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            write(value, text, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Parses a JSON object from text; null when it is not one (a line cut short by a crash). */
    public static Map<String, Object> parseObject(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return object(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads a JSON object; null when the file is missing, empty or not a JSON object. */
    public static Map<String, Object> readObject(Path file) {
        try (JsonParser parser = FACTORY.createParser(file.toFile())) {
            return object(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The JSON object a parser starts with; null when it starts with anything else. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(JsonParser parser) throws IOException {
        return parser.nextToken() != JsonToken.START_OBJECT ? null : (Map<String, Object>) readTree(parser);
    }

    @SuppressWarnings("unchecked")
    private static void writeTree(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof Map) {
            generator.writeStartObject();
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) value).entrySet()) {
                generator.writeFieldName(entry.getKey());
                writeTree(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable) {
            generator.writeStartArray();
            for (Object item : (Iterable<Object>) value) {
                writeTree(generator, item);
            }
            generator.writeEndArray();
        } else if (value == null) {
            generator.writeNull();
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else if (value instanceof Integer || value instanceof Long) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof java.math.BigInteger) {
            generator.writeNumber((java.math.BigInteger) value);
        } else if (value instanceof byte[]) {
            generator.writeString(java.util.Base64.getEncoder().encodeToString((byte[]) value));
        } else if (value instanceof Number) {
            generator.writeNumber(((Number) value).doubleValue());
        } else {
            generator.writeString(value.toString());
        }
    }

    private static Object readTree(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, readTree(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readTree(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + parser.currentToken());
        }
    }
}
