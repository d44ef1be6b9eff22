package io.liftoff.grid;

/**
 * The Sobol sequence: point i of a low-discrepancy sequence in the unit cube, computed from i alone
 * (no state), so that the first n points never depend on how many more are asked for. Direction
 * numbers are Joe and Kuo's ({@code new-joe-kuo-6.21201}, "Constructing Sobol sequences with better
 * two-dimensional projections", 2008) for the first {@link #MAX_DIMENSIONS} dimensions; the first
 * dimension is van der Corput's sequence.
 */
final class Sobol {
    /** Bits of each coordinate: points 0 to 2^32 - 1 are distinct. */
    private static final int BITS = 32;
    /** Joe and Kuo's rows for dimensions 2, 3, ...: the degree s, the coefficients a, then m_1 ... m_s. */
    private static final int[][] JOE_KUO = {
        {1, 0, 1}, {2, 1, 1, 3}, {3, 1, 1, 3, 1}, {3, 2, 1, 1, 1}, {4, 1, 1, 1, 3, 3}, {4, 4, 1, 3, 5, 13},
        {5, 2, 1, 1, 5, 5, 17}, {5, 4, 1, 1, 5, 5, 5}, {5, 7, 1, 1, 7, 11, 19}, {5, 11, 1, 1, 5, 1, 1},
        {5, 13, 1, 1, 1, 3, 11}, {5, 14, 1, 3, 5, 5, 31}, {6, 1, 1, 3, 3, 9, 7, 49}, {6, 13, 1, 1, 1, 15, 21, 21},
        {6, 16, 1, 3, 1, 13, 27, 49}, {6, 19, 1, 1, 1, 15, 7, 5}, {6, 22, 1, 3, 1, 15, 13, 25},
        {6, 25, 1, 1, 5, 5, 19, 61}, {7, 1, 1, 3, 7, 11, 23, 15, 103}, {7, 4, 1, 3, 7, 13, 13, 15, 69},
        {7, 7, 1, 1, 3, 13, 7, 35, 63}, {7, 8, 1, 3, 5, 9, 1, 25, 53}, {7, 14, 1, 3, 1, 13, 9, 35, 107},
        {7, 19, 1, 3, 1, 5, 27, 61, 31}, {7, 21, 1, 1, 5, 11, 19, 41, 61}, {7, 28, 1, 3, 5, 3, 3, 13, 69},
        {7, 31, 1, 1, 7, 13, 1, 19, 1}, {7, 32, 1, 3, 7, 5, 13, 19, 59}, {7, 37, 1, 1, 3, 9, 25, 29, 41},
        {7, 41, 1, 3, 5, 13, 23, 1, 55}, {7, 42, 1, 3, 7, 3, 13, 59, 17},
    };
    /** How many sampled variables one grid may have with the Sobol sampler. */
    static final int MAX_DIMENSIONS = JOE_KUO.length + 1;
    /** How many points there are before the sequence repeats. */
    static final long MAX_POINTS = 1L << BITS;

    /** directions[d][k]: the direction number of bit k of the index in dimension d, as a BITS-bit fraction. */
    private final long[][] directions;

    Sobol(int dimensions) {
        if (dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException(dimensions + " dimensions, more than " + MAX_DIMENSIONS);
        }
        directions = new long[dimensions][BITS];
        for (int d = 0; d < dimensions; d++) {
            directions[d] = d == 0 ? vanDerCorput() : fromRow(JOE_KUO[d - 1]);
        }
    }

    private static long[] vanDerCorput() {
        long[] v = new long[BITS];
        for (int k = 0; k < BITS; k++) {
            v[k] = 1L << (BITS - 1 - k);
        }
        return v;
    }

    /** Bratley and Fox's recurrence over the primitive polynomial of degree s with coefficients a. */
    private static long[] fromRow(int[] row) {
        int s = row[0];
        int a = row[1];
        long[] m = new long[BITS];
        for (int k = 0; k < BITS; k++) {
            if (k < s) {
                m[k] = row[2 + k];
            } else {
                long next = m[k - s] ^ (m[k - s] << s);
                for (int j = 1; j < s; j++) {
                    next ^= ((a >> (s - 1 - j)) & 1) * (m[k - j] << j);
                }
                m[k] = next;
            }
        }
        long[] v = new long[BITS];
        for (int k = 0; k < BITS; k++) {
            v[k] = m[k] << (BITS - 1 - k);
        }
        return v;
    }

    /** Point {@code index} (0 is the origin), one coordinate in [0, 1) per dimension. */
    double[] point(long index) {
        double[] point = new double[directions.length];
        for (int d = 0; d < directions.length; d++) {
            long x = 0;
            for (int k = 0; k < BITS; k++) {
                if (((index >>> k) & 1) != 0) {
                    x ^= directions[d][k];
                }
            }
            point[d] = x / (double) MAX_POINTS;
        }
        return point;
    }
}
