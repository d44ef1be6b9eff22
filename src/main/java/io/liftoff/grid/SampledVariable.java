package io.liftoff.grid;

import java.util.List;

/** A value of a grid's config.yaml that each sample draws anew ({@code lr: !loguniform [1e-5, 0.1]}). */
public record SampledVariable(List<String> path, String name, Distribution distribution) {
    public String dotted() {
        return String.join(".", path);
    }
}
