package io.liftoff.grid;

import io.liftoff.config.ConfigMerge;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.Variation;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The variations of a grid, produced lazily: the product of the variables' values (the first
 * variable outermost, as {@code itertools.product}; a zip group is one factor) minus what the
 * filters drop. Only the current combination is held, so counting or streaming a million
 * variations takes constant memory.
 */
public final class Grid implements Iterable<Variation> {
    private final GridSpec spec;

    public Grid(GridSpec spec) {
        this.spec = spec;
    }

    public GridSpec spec() {
        return spec;
    }

    /** How many variations survive the filters; walks the product (when there are filters) without building any. */
    public long count() {
        if (spec.filters().isEmpty()) {
            return spec.combinations();
        }
        long kept = 0;
        Odometer odometer = new Odometer(spec);
        while (odometer.advance()) {
            kept++;
        }
        return kept;
    }

    /**
     * Each variation's config is an overlay for the grid's default.yaml: the fixed values, the chosen
     * values, and the {@code title} and {@code experiment_arguments} keys.
     */
    @Override
    public Iterator<Variation> iterator() {
        Odometer odometer = new Odometer(spec);
        return new Iterator<>() {
            private boolean ready;
            private boolean more;

            @Override
            public boolean hasNext() {
                if (!ready) {
                    more = odometer.advance();
                    ready = true;
                }
                return more;
            }

            @Override
            public Variation next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return variation(odometer.choice);
            }
        };
    }

    private Variation variation(int[] choice) {
        List<Variable> variables = spec.variables();
        Map<String, Object> overlay = ConfigMerge.deepCopy(spec.fixed());
        for (int i = 0; i < variables.size(); i++) {
            Variable variable = variables.get(i);
            put(overlay, variable.path(), ConfigMerge.deepCopy(variable.values().get(choice[i])));
        }
        StringBuilder title = new StringBuilder();
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int position : spec.titlePositions()) {
            Variable variable = variables.get(position);
            if (title.length() > 0) {
                title.append("; ");
            }
            title.append(variable.name()).append('=').append(variable.rendered().get(choice[position]));
            put(arguments, variable.path(), ConfigMerge.deepCopy(variable.values().get(choice[position])));
        }
        String text = title.length() > 0 ? title.toString() : spec.fallbackTitle();
        overlay.put(MetaKeys.TITLE, text);
        overlay.put(MetaKeys.EXPERIMENT_ARGUMENTS, arguments);
        return new Variation(text, overlay);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, Object value) {
        Map<String, Object> node = root;
        for (String key : path.subList(0, path.size() - 1)) {
            node = (Map<String, Object>) node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        }
        node.put(path.get(path.size() - 1), value);
    }

    /**
     * Walks the value indices of all factors, last factor fastest, skipping filtered combinations;
     * {@code choice} holds the value index of each variable (the variables of a zip group share theirs).
     */
    private static final class Odometer {
        private final int[][] factors;
        private final int[] sizes;
        private final int[] digits;
        private final List<FilterRule> filters;
        final int[] choice;
        private boolean started;
        private boolean finished;

        Odometer(GridSpec spec) {
            factors = spec.factors();
            sizes = new int[factors.length];
            for (int f = 0; f < factors.length; f++) {
                sizes[f] = spec.variables().get(factors[f][0]).size();
            }
            digits = new int[factors.length];
            filters = spec.filters();
            choice = new int[spec.variables().size()];
        }

        boolean advance() {
            while (step()) {
                if (!filtered()) {
                    return true;
                }
            }
            return false;
        }

        private boolean step() {
            if (finished) {
                return false;
            }
            if (!started) {
                started = true;
                return true;
            }
            for (int f = sizes.length - 1; f >= 0; f--) {
                digits[f] = digits[f] + 1 < sizes[f] ? digits[f] + 1 : 0;
                for (int position : factors[f]) {
                    choice[position] = digits[f];
                }
                if (digits[f] > 0) {
                    return true;
                }
            }
            finished = true;
            return false;
        }

        private boolean filtered() {
            for (FilterRule rule : filters) {
                if (rule.excludes(choice)) {
                    return true;
                }
            }
            return false;
        }
    }
}
