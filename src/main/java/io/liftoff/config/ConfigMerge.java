package io.liftoff.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge rules of DESIGN §3: mappings merge recursively; scalars and lists replace; a key ending in
 * {@code _} is never merged into (its whole value replaces the old one); the value {@code delete}
 * removes an inherited key.
 */
public final class ConfigMerge {
    public static final String DELETE = "delete";

    private ConfigMerge() {
    }

    /** A new mapping: {@code overlay} merged over {@code base}. Neither argument is changed. */
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> result = deepCopy(base);
        mergeInto(result, overlay);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> entry : overlay.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            Object old = target.get(key);
            if (DELETE.equals(value)) {
                target.remove(key);
            } else if (!isWholeValueKey(key) && old instanceof Map && value instanceof Map) {
                mergeInto((Map<String, Object>) old, (Map<String, Object>) value);
            } else {
                target.put(key, deepCopy(value));
            }
        }
    }

    /** A key such as {@code optimizer_}: its value is replaced whole and reaches scripts as a plain mapping. */
    public static boolean isWholeValueKey(String key) {
        return key.length() > 1 && key.endsWith("_");
    }

    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((k, v) -> copy.put(k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<Object>) value).forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }
}
