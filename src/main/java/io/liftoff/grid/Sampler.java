package io.liftoff.grid;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where sample i of a grid's sampled variables falls in the unit cube: a function of the seed and
 * i alone, so that the same seed gives the same samples and asking for more keeps the first ones.
 */
public interface Sampler {
    /** The coordinates in [0, 1) of sample {@code index}, one per sampled variable, in the grid's order. */
    double[] point(long index);

    /** The samplers {@code --sampler} names. */
    enum Method {
        RANDOM, SOBOL;

        /** The name on the command line and in generated files: {@code random}, {@code sobol}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        Sampler of(long seed, List<SampledVariable> variables) {
            return this == RANDOM ? new Counter(seed, variables) : new ShiftedSobol(seed, variables);
        }
    }

    /**
     * Independent uniform draws from a counter-based generator: each coordinate is a hash of the
     * seed, the sample's index and the variable's path, so a variable keeps its samples when other
     * variables are added or removed.
     */
    final class Counter implements Sampler {
        private final long[] streams;

        Counter(long seed, List<SampledVariable> variables) {
            streams = streams(seed, variables, 0);
        }

        @Override
        public double[] point(long index) {
            double[] point = new double[streams.length];
            for (int d = 0; d < streams.length; d++) {
                point[d] = unit(mix(streams[d] + GOLDEN * (index + 1)));
            }
            return point;
        }
    }

    /**
     * The Sobol sequence over the sampled variables, each coordinate moved by a seed-derived
     * amount modulo 1 (Cranley and Patterson's random shift): the points stay evenly spread, and
     * different seeds give different points.
     */
    final class ShiftedSobol implements Sampler {
        private final Sobol sobol;
        private final double[] shifts;

        ShiftedSobol(long seed, List<SampledVariable> variables) {
            sobol = new Sobol(variables.size());
            long[] streams = streams(seed, variables, 0x5f0b01L);
            shifts = new double[streams.length];
            for (int d = 0; d < streams.length; d++) {
                shifts[d] = unit(mix(streams[d]));
            }
        }

        @Override
        public double[] point(long index) {
            double[] point = sobol.point(index);
            for (int d = 0; d < point.length; d++) {
                double shifted = point[d] + shifts[d];
                point[d] = shifted >= 1 ? shifted - 1 : shifted;
            }
            return point;
        }
    }

    /** The golden ratio in 64 bits: consecutive indices land far apart before mixing (SplitMix64's step). */
    long GOLDEN = 0x9E3779B97F4A7C15L;

    /** One 64-bit stream per variable, from the seed, the variable's dotted path (FNV-1a) and a salt. */
    private static long[] streams(long seed, List<SampledVariable> variables, long salt) {
        long[] streams = new long[variables.size()];
        for (int d = 0; d < streams.length; d++) {
            long hash = 0xcbf29ce484222325L;
            for (byte b : variables.get(d).dotted().getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            streams[d] = mix(mix(seed ^ salt) ^ hash);
        }
        return streams;
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits as a double in [0, 1). */
    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
