package io.liftoff.grid;

import io.liftoff.config.YamlFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list in a grid's config.yaml: its path, its values, its short name (the shortest dotted suffix
 * of the path that no other variable shares), and each value as a title shows it. Values are
 * indexed, so a filter finds a value in constant time however long the list.
 */
public final class Variable {
    private final List<String> path;
    private final List<Object> values;
    private final String name;
    private final List<String> rendered;
    private final Map<Object, Integer> index = new HashMap<>();

    /** {@code values} must hold no value twice (see {@link Values#same}). */
    public Variable(List<String> path, List<Object> values, String name) {
        this.path = List.copyOf(path);
        this.values = values;
        this.name = name;
        this.rendered = values.stream().map(YamlFiles::inline).toList();
        for (int i = 0; i < values.size(); i++) {
            index.put(Values.key(values.get(i)), i);
        }
    }

    public List<String> path() {
        return path;
    }

    public List<Object> values() {
        return values;
    }

    public String name() {
        return name;
    }

    /** Each value as a title shows it. */
    public List<String> rendered() {
        return rendered;
    }

    public String dotted() {
        return String.join(".", path);
    }

    public int size() {
        return values.size();
    }

    /** The index of {@code value} in this variable's list, or -1. */
    public int indexOf(Object value) {
        return index.getOrDefault(Values.key(value), -1);
    }
}
