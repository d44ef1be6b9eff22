package io.liftoff.grid;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Equality of YAML values as a user means it: {@code 1} and {@code 1.0} are the same number. */
public final class Values {
    private Values() {
    }

    public static boolean same(Object a, Object b) {
        if (a instanceof Number && b instanceof Number && finite((Number) a) && finite((Number) b)) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        return Objects.equals(a, b);
    }

    /** Orders two finite numbers by their exact values, whatever their types. */
    static int compare(Number a, Number b) {
        return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
    }

    /**
     * A stand-in for {@code value} whose {@code equals} and {@code hashCode} agree with {@link #same}:
     * numbers by their exact value, lists and mappings item by item. Finding a value among n is then
     * a hash lookup rather than n comparisons.
     */
    public static Object key(Object value) {
        if (value instanceof Number && finite((Number) value)) {
            return new NumberKey(new BigDecimal(value.toString()).stripTrailingZeros());
        }
        if (value instanceof List) {
            List<Object> keys = new ArrayList<>();
            ((List<?>) value).forEach(item -> keys.add(key(item)));
            return keys;
        }
        if (value instanceof Map) {
            Map<Object, Object> keys = new HashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> keys.put(k, key(v)));
            return keys;
        }
        return value;
    }

    private record NumberKey(BigDecimal value) {
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
    }
}
