package io.liftoff.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a variation: a SHA-256 over a canonical form of its configuration (keys sorted,
 * values typed), ignoring the keys liftoff adds. Stable across key order, runs and machines.
 */
public final class ConfigHash {
    private ConfigHash() {
    }

    public static String of(Map<String, Object> config) {
        StringBuilder canonical = new StringBuilder();
        Map<String, Object> sorted = new TreeMap<>(config);
        MetaKeys.ALL.forEach(sorted::remove);
        write(sorted, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map) {
            out.append('{');
            new TreeMap<>((Map<String, Object>) value).forEach((k, v) -> {
                writeString(k, out);
                out.append(':');
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            for (Object item : (List<Object>) value) {
                write(item, out);
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Double || value instanceof Float) {
            out.append("f").append(((Number) value).doubleValue());
        } else {
            out.append(value.getClass() == Boolean.class ? "b" : "i").append(value);
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('s').append(text.length()).append(':').append(text);
    }
}
