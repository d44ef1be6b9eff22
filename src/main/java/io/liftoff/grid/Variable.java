package io.liftoff.grid;

import java.util.List;

/**
 * A list in a grid's config.yaml: its path, its values, its short name (the shortest dotted suffix
 * of the path that no other variable shares), and each value as a title shows it.
 */
public record Variable(List<String> path, List<Object> values, String name, List<String> rendered) {
    public Variable(List<String> path, List<Object> values, String name) {
        this(path, values, name, values.stream().map(io.liftoff.config.YamlFiles::inline).toList());
    }

    public String dotted() {
        return String.join(".", path);
    }

    public int size() {
        return values.size();
    }

    /** The index of {@code value} in this variable's list, or -1. */
    public int indexOf(Object value) {
        for (int i = 0; i < values.size(); i++) {
            if (Values.same(values.get(i), value)) {
                return i;
            }
        }
        return -1;
    }
}
