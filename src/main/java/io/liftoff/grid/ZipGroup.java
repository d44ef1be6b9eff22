package io.liftoff.grid;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A group of a grid's {@code zip}: variables of equal lengths whose i-th values form one choice, so
 * the group is one factor of the product. {@code positions} are the variables' places in the grid.
 */
public record ZipGroup(int number, List<Integer> positions, List<Variable> variables) {
    public String description() {
        int size = variables.get(0).size();
        return variables.stream().map(Variable::name).collect(Collectors.joining(", ")) + " vary together ("
                + size + " value" + (size == 1 ? "" : "s") + ")";
    }
}
