package io.liftoff.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A configuration as a script sees it: nested mappings become nested namespaces reached with dotted
 * paths ({@code opts.getInt("yz.y")}); a key written {@code optimizer_} is seen as {@code optimizer}
 * and its value stays a plain mapping.
 */
public final class Namespace {
    private final Map<String, Object> values;

    private Namespace(Map<String, Object> values) {
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public static Namespace of(Map<String, Object> config) {
        Map<String, Object> values = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (ConfigMerge.isWholeValueKey(key)) {
                values.put(key.substring(0, key.length() - 1), ConfigMerge.deepCopy(value));
            } else if (value instanceof Map) {
                values.put(key, of((Map<String, Object>) value));
            } else {
                values.put(key, ConfigMerge.deepCopy(value));
            }
        });
        return new Namespace(Collections.unmodifiableMap(values));
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String path) {
        return find(path) != MISSING;
    }

    /** The value at a dotted path: a namespace, a plain mapping, a list or a scalar. */
    public Object get(String path) {
        Object value = find(path);
        if (value == MISSING) {
            throw new NoSuchElementException("no key '" + path + "' in the configuration (keys: " + keys() + ")");
        }
        return value;
    }

    public String getString(String path) {
        Object value = get(path);
        return value == null ? null : value.toString();
    }

    public int getInt(String path) {
        return Math.toIntExact(getNumber(path).longValue());
    }

    public long getLong(String path) {
        return getNumber(path).longValue();
    }

    public double getDouble(String path) {
        return getNumber(path).doubleValue();
    }

    public boolean getBoolean(String path) {
        return as(path, Boolean.class);
    }

    public Namespace getNamespace(String path) {
        return as(path, Namespace.class);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(String path) {
        Object value = get(path);
        if (value instanceof Namespace) {
            return ((Namespace) value).toMap();
        }
        return as(path, Map.class);
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(String path) {
        return as(path, List.class);
    }

    /** Plain nested mappings, as the script's view (keys without their trailing {@code _}). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        values.forEach((k, v) -> map.put(k, v instanceof Namespace ? ((Namespace) v).toMap() : v));
        return map;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return "Namespace(" + String.join(", ", parts) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Namespace && ((Namespace) other).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    private static final Object MISSING = new Object();

    private Object find(String path) {
        Object node = this;
        for (String key : path.split("\\.", -1)) {
            if (node instanceof Namespace && ((Namespace) node).values.containsKey(key)) {
                node = ((Namespace) node).values.get(key);
            } else if (node instanceof Map && ((Map<?, ?>) node).containsKey(key)) {
                node = ((Map<?, ?>) node).get(key);
            } else {
                return MISSING;
            }
        }
        return node;
    }

    private Number getNumber(String path) {
        return as(path, Number.class);
    }

    private <T> T as(String path, Class<T> type) {
        Object value = get(path);
        if (!type.isInstance(value)) {
            throw new ClassCastException("'" + path + "' is " + value + ", not a " + type.getSimpleName().toLowerCase());
        }
        return type.cast(value);
    }
}
