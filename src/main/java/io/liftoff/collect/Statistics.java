package io.liftoff.collect;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Count, mean, standard deviation, min and max of the numbers among some values (others and NaN are
 * skipped, as pandas does). The deviation is a sample's (divided by n - 1), null below two numbers;
 * min and max stay integers when every number is one.
 */
record Statistics(long count, Double mean, Double std, Number min, Number max) {
    static final List<String> NAMES = List.of("count", "mean", "std", "min", "max");

    static Statistics of(List<Object> values) {
        long count = 0;
        double sum = 0;
        boolean integers = true;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Number minValue = null;
        Number maxValue = null;
        for (Object value : values) {
            if (!(value instanceof Number) || Double.isNaN(((Number) value).doubleValue())) {
                continue;
            }
            Number number = (Number) value;
            double x = number.doubleValue();
            count++;
            sum += x;
            integers &= number instanceof Long || number instanceof Integer || number instanceof BigInteger;
            if (minValue == null || x < min) {
                min = x;
                minValue = number;
            }
            if (maxValue == null || x > max) {
                max = x;
                maxValue = number;
            }
        }
        if (count == 0) {
            return new Statistics(0, null, null, null, null);
        }
        double mean = sum / count;
        Double std = null;
        if (count > 1) {
            double squares = 0;
            for (Object value : values) {
                if (value instanceof Number && !Double.isNaN(((Number) value).doubleValue())) {
                    double d = ((Number) value).doubleValue() - mean;
                    squares += d * d;
                }
            }
            std = Math.sqrt(squares / (count - 1));
        }
        if (!integers) {
            minValue = min;
            maxValue = max;
        }
        return new Statistics(count, mean, std, minValue, maxValue);
    }

    /** Puts {@code column.count}, {@code column.mean}, ... into a row. */
    void putInto(Map<String, Object> row, String column) {
        row.put(column + ".count", count);
        row.put(column + ".mean", mean);
        row.put(column + ".std", std);
        row.put(column + ".min", min);
        row.put(column + ".max", max);
    }
}
