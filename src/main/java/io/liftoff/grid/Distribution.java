package io.liftoff.grid;

import io.liftoff.LiftoffException;
import io.liftoff.config.Tagged;
import io.liftoff.config.YamlFiles;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a sampled variable of a grid draws from ({@code lr: !loguniform [1e-5, 0.1]}): a function
 * from a coordinate u in [0, 1) to a value, so that a sampler decides where the samples fall and
 * the distribution only maps them.
 */
public sealed interface Distribution {
    /** The value at coordinate {@code u} in [0, 1): a Double, an Integer or Long, or a choice's item. */
    Object value(double u);

    /** How people read it: {@code loguniform(1e-05, 0.1)}. */
    String describe();

    /** How many values it can take, or -1 when they are not countable (a continuous distribution). */
    default long size() {
        return -1;
    }

    /** The index of {@code value} among the values it can take, or -1 (only where {@link #size} counts them). */
    default long indexOf(Object value) {
        return -1;
    }

    /** A value as a title shows it: a double rounded to three significant digits, anything else as written. */
    default String rendered(Object value) {
        return value instanceof Double ? rounded((Double) value, 3) : YamlFiles.inline(value);
    }

    /** {@code !uniform [low, high]}: a double, evenly spread between its bounds. */
    record Uniform(double low, double high) implements Distribution {
        @Override
        public Object value(double u) {
            return Math.min(high, low + u * (high - low));
        }

        @Override
        public String describe() {
            return between("uniform", low, high);
        }
    }

    /** {@code !loguniform [low, high]}: a double whose logarithm is evenly spread; both bounds positive. */
    record LogUniform(double low, double high) implements Distribution {
        @Override
        public Object value(double u) {
            double value = Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
            return Math.max(low, Math.min(high, value));
        }

        @Override
        public String describe() {
            return between("loguniform", low, high);
        }
    }

    /** {@code !randint [low, high]}: an integer between its bounds, both included. */
    record RandInt(long low, long high) implements Distribution {
        @Override
        public Object value(double u) {
            long value = low + Math.min(high - low, (long) Math.floor(u * ((double) (high - low) + 1)));
            return value == (int) value ? (Object) (int) value : (Object) value;
        }

        @Override
        public String describe() {
            return "randint(" + low + ", " + high + ")";
        }

        @Override
        public long size() {
            return high - low + 1;
        }

        @Override
        public long indexOf(Object value) {
            if (!(value instanceof Integer || value instanceof Long)) {
                return -1;
            }
            long n = ((Number) value).longValue();
            return n >= low && n <= high ? n - low : -1;
        }
    }

    /** {@code !choice [a, b, ...]}: one of its items, unchanged, each as likely. */
    record Choice(List<Object> items, Map<Object, Integer> index) implements Distribution {
        Choice(List<Object> items) {
            this(List.copyOf(items), new HashMap<>());
            for (int i = 0; i < items.size(); i++) {
                index.put(Values.key(items.get(i)), i);
            }
        }

        @Override
        public Object value(double u) {
            return items.get(Math.min(items.size() - 1, (int) (u * items.size())));
        }

        @Override
        public String describe() {
            return "choice(" + items.stream().map(YamlFiles::inline).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public long size() {
            return items.size();
        }

        @Override
        public long indexOf(Object value) {
            return index.getOrDefault(Values.key(value), -1);
        }

        @Override
        public String rendered(Object value) {
            return YamlFiles.inline(value);
        }
    }

    /** The names of the tags, as a grid file writes them. */
    List<String> TAGS = List.of("uniform", "loguniform", "randint", "choice");

    /** The distribution a tagged value stands for; {@code where} names the file and key in errors. */
    static Distribution parse(String where, Tagged tagged) {
        String tag = "!" + tagged.tag();
        if (!TAGS.contains(tagged.tag())) {
            throw LiftoffException.usage(where + ": unknown distribution " + tag + " (liftoff samples from "
                    + TAGS.stream().map(t -> "!" + t).collect(Collectors.joining(", ")) + ")");
        }
        boolean choice = tagged.tag().equals("choice");
        if (!(tagged.value() instanceof List)) {
            throw LiftoffException.usage(where + ": " + tag + " needs a list " + (choice ? "of items" : "[low, high]")
                    + ", not " + YamlFiles.inline(tagged.value()));
        }
        @SuppressWarnings("unchecked")
        List<Object> arguments = (List<Object>) tagged.value();
        if (choice) {
            if (arguments.isEmpty()) {
                throw LiftoffException.usage(where + ": !choice [] has no items; it needs at least one");
            }
            GridSpec.checkValues(where + ": !choice", arguments);
            return new Choice(arguments);
        }
        if (arguments.size() != 2) {
            throw LiftoffException.usage(where + ": " + tag + " needs two bounds [low, high], not " + arguments.size()
                    + " (" + YamlFiles.inline(arguments) + ")");
        }
        Object low = arguments.get(0);
        Object high = arguments.get(1);
        for (Object bound : arguments) {
            if (!(bound instanceof Number) || !Double.isFinite(((Number) bound).doubleValue())) {
                throw LiftoffException.usage(where + ": " + tag + " bounds must be finite numbers, not " + YamlFiles.inline(bound));
            }
        }
        if (Values.compare((Number) low, (Number) high) > 0) {
            throw LiftoffException.usage(where + ": " + tag + " " + YamlFiles.inline(arguments) + " has low "
                    + YamlFiles.inline(low) + " greater than high " + YamlFiles.inline(high));
        }
        double lo = ((Number) low).doubleValue();
        double hi = ((Number) high).doubleValue();
        switch (tagged.tag()) {
            case "uniform":
                return new Uniform(lo, hi);
            case "loguniform":
                if (lo <= 0) {
                    throw LiftoffException.usage(where + ": !loguniform bounds must be greater than 0, not "
                            + YamlFiles.inline(low));
                }
                return new LogUniform(lo, hi);
            default:
                for (Object bound : arguments) {
                    if (!(bound instanceof Integer || bound instanceof Long)) {
                        throw LiftoffException.usage(where + ": !randint bounds must be integers, not " + YamlFiles.inline(bound));
                    }
                }
                long l = ((Number) low).longValue();
                long h = ((Number) high).longValue();
                if (h - l < 0 || h - l == Long.MAX_VALUE) {
                    throw LiftoffException.usage(where + ": !randint " + YamlFiles.inline(arguments) + " spans more integers than liftoff counts");
                }
                return new RandInt(l, h);
        }
    }

    /** {@code uniform(0.001, 0.1)}: a distribution between two bounds, for people. */
    private static String between(String name, double low, double high) {
        return name + "(" + rounded(low, 6) + ", " + rounded(high, 6) + ")";
    }

    /**
     * {@code x} rounded to {@code digits} significant digits, written as Python's {@code %g} does:
     * {@code 0.000123}, {@code 1.23e-05}, {@code 4.56e+07}, with no trailing zeros.
     */
    static String rounded(double x, int digits) {
        if (x == 0) {
            return "0";
        }
        BigDecimal value = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = value.precision() - value.scale() - 1;
        BigDecimal stripped = value.stripTrailingZeros();
        if (exponent >= -4 && exponent < digits) {
            return stripped.toPlainString();
        }
        return stripped.movePointLeft(exponent).toPlainString() + String.format("e%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    }
}
