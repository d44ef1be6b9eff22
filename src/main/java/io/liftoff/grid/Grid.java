package io.liftoff.grid;

import io.liftoff.config.ConfigMerge;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.Variation;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;

/**
 * The variations of a grid, produced lazily: the product of the variables' values (the first
 * variable outermost, as {@code itertools.product}; a zip group is one factor) minus what the
 * filters drop. Only the current combination is held, so counting or streaming a million
 * variations takes constant memory. With sampled variables, each sample is a copy of that product
 * with the sample's values; the samples come one after the other (sample-major).
 */
public final class Grid implements Iterable<Variation> {
    private final GridSpec spec;
    private final long samples;
    private final Sampler sampler;

    /** A grid of lists only; iterating one with sampled variables is a mistake of the caller. */
    public Grid(GridSpec spec) {
        this(spec, null);
    }

    /** A grid whose sampled variables are drawn as {@code sampling} says (ignored when it has none). */
    public Grid(GridSpec spec, Sampling sampling) {
        this.spec = spec;
        boolean sampled = sampling != null && !spec.sampled().isEmpty();
        this.samples = sampled ? sampling.samples() : 1;
        this.sampler = sampled ? sampling.method().of(sampling.seed(), spec.sampled()) : null;
        if (!spec.sampled().isEmpty() && sampler == null) {
            throw new IllegalStateException(spec.file() + " has sampled variables, and no sampling was given");
        }
    }

    public GridSpec spec() {
        return spec;
    }

    /** How many samples there are: 1 for a grid without sampled variables. */
    public long samples() {
        return samples;
    }

    /** How many variations survive the filters; walks the product (when there are filters) without building any. */
    public long count() {
        if (spec.filters().isEmpty()) {
            return spec.combinations() * samples;
        }
        long kept = 0;
        for (long sample = 0; sample < samples; sample++) {
            Odometer odometer = new Odometer(spec, draw(sample).indices);
            while (odometer.advance()) {
                kept++;
            }
        }
        return kept;
    }

    /**
     * Each variation's config is an overlay for the grid's default.yaml: the fixed values, the chosen
     * values, and the {@code title} and {@code experiment_arguments} keys.
     */
    @Override
    public Iterator<Variation> iterator() {
        if (samples == 1) {
            return sample(0).iterator();
        }
        return LongStream.range(0, samples).boxed()
                .flatMap(sample -> StreamSupport.stream(sample(sample).spliterator(), false)).iterator();
    }

    /** The variations of one sample: every point of the product that survives the filters, with the sample's values. */
    public Iterable<Variation> sample(long sample) {
        Draw draw = draw(sample);
        return () -> points(draw);
    }

    /** The values of one sample, and their indices among what each variable can take (for filters). */
    private record Draw(List<Object> values, int[] indices) {
    }

    private Draw draw(long sample) {
        if (sampler == null) {
            return new Draw(Collections.emptyList(), new int[0]);
        }
        double[] point = sampler.point(sample);
        List<SampledVariable> sampled = spec.sampled();
        Object[] values = new Object[point.length];
        int[] indices = new int[point.length];
        for (int k = 0; k < point.length; k++) {
            Distribution distribution = sampled.get(k).distribution();
            values[k] = distribution.value(point[k]);
            indices[k] = (int) Math.max(0, distribution.indexOf(values[k]));
        }
        return new Draw(Arrays.asList(values), indices);
    }

    private Iterator<Variation> points(Draw draw) {
        Odometer odometer = new Odometer(spec, draw.indices);
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
                return variation(odometer.choice, draw.values);
            }
        };
    }

    private Variation variation(int[] choice, List<Object> drawn) {
        List<Variable> variables = spec.variables();
        List<SampledVariable> sampled = spec.sampled();
        Map<String, Object> overlay = ConfigMerge.deepCopy(spec.fixed());
        for (int i = 0; i < variables.size(); i++) {
            Variable variable = variables.get(i);
            put(overlay, variable.path(), ConfigMerge.deepCopy(variable.values().get(choice[i])));
        }
        for (int k = 0; k < sampled.size(); k++) {
            put(overlay, sampled.get(k).path(), ConfigMerge.deepCopy(drawn.get(k)));
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
        for (int k = 0; k < sampled.size(); k++) {
            SampledVariable variable = sampled.get(k);
            if (title.length() > 0) {
                title.append("; ");
            }
            title.append(variable.name()).append('=').append(variable.distribution().rendered(drawn.get(k)));
            put(arguments, variable.path(), ConfigMerge.deepCopy(drawn.get(k)));
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
     * {@code choice} holds the value index of each variable (the variables of a zip group share theirs),
     * then the fixed indices of the sample's drawn values.
     */
    private static final class Odometer {
        private final int[][] factors;
        private final int[] sizes;
        private final int[] digits;
        private final List<FilterRule> filters;
        final int[] choice;
        private boolean started;
        private boolean finished;

        Odometer(GridSpec spec, int[] drawn) {
            factors = spec.factors();
            sizes = new int[factors.length];
            for (int f = 0; f < factors.length; f++) {
                sizes[f] = spec.variables().get(factors[f][0]).size();
            }
            digits = new int[factors.length];
            filters = spec.filters();
            choice = new int[spec.variables().size() + drawn.length];
            System.arraycopy(drawn, 0, choice, spec.variables().size(), drawn.length);
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
