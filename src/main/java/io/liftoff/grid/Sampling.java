package io.liftoff.grid;

/**
 * How many samples {@code liftoff-prepare --samples N} draws of a grid's sampled variables, from
 * which seed, with which sampler. Sample i of every variable depends only on the seed, the sampler
 * and i.
 */
public record Sampling(long samples, long seed, Sampler.Method method) {
}
