package io.liftoff.grid;

/**
 * A {@code filter_out} rule: a variation whose (left, right) values form an excluded pair is dropped.
 * The pairs are kept as a table over the two variables' value indices, so checking is two lookups.
 */
public record FilterRule(int number, int leftPosition, int rightPosition, boolean[][] excluded, String description) {
    boolean excludes(int[] choice) {
        return excluded[choice[leftPosition]][choice[rightPosition]];
    }
}
