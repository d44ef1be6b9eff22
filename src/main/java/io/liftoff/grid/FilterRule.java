package io.liftoff.grid;

import java.util.Arrays;

/**
 * A {@code filter_out} rule: a variation whose (left, right) values form an excluded pair is dropped.
 * The pairs are kept as sorted codes of the two value indices: memory grows with the rule's pairs,
 * not with the product of the two lists, and checking is one binary search.
 */
public final class FilterRule {
    private final int number;
    private final int leftPosition;
    private final int rightPosition;
    private final int rightSize;
    private final long[] excluded;
    private final String description;

    FilterRule(int number, int leftPosition, int rightPosition, int rightSize, long[] pairs, String description) {
        this.number = number;
        this.leftPosition = leftPosition;
        this.rightPosition = rightPosition;
        this.rightSize = rightSize;
        this.excluded = pairs.clone();
        Arrays.sort(this.excluded);
        this.description = description;
    }

    /** The code of the pair (left value {@code left}, right value {@code right}), by index. */
    static long pair(int left, int right, int rightSize) {
        return (long) left * rightSize + right;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    boolean excludes(int[] choice) {
        return Arrays.binarySearch(excluded, pair(choice[leftPosition], choice[rightPosition], rightSize)) >= 0;
    }
}
