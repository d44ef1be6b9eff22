package io.liftoff.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class GridTest {
    private static final Path FILE = Path.of("configs/exp/config.yaml");

    @SuppressWarnings("unchecked")
    private static GridSpec spec(String text) {
        return GridSpec.parse(FILE, (Map<String, Object>) YamlFiles.parseValue(text, "test"));
    }

    private static List<String> titles(String text) {
        return StreamSupport.stream(new Grid(spec(text)).spliterator(), false).map(Variation::title).collect(Collectors.toList());
    }

    private static String error(String text) {
        LiftoffException e = assertThrows(LiftoffException.class, () -> spec(text));
        assertEquals(io.liftoff.ExitCode.USAGE, e.exitCode());
        assertEquals(1, e.getMessage().lines().count());
        return e.getMessage();
    }

    @Test
    void everyListIsAVariableAndTheFirstVariesSlowest() {
        assertEquals(List.of("x=1; y=10", "x=1; y=20", "x=2; y=10", "x=2; y=20"), titles("{x: [1, 2], yz: {y: [10, 20]}}"));
    }

    @Test
    void shortNamesAreTheShortestUnambiguousSuffix() {
        GridSpec grid = spec("{x: [1, 2], yz: {y: [10, 20]}, ab: {y: [3, 4], q: {deep: [5, 6]}}}");
        assertEquals(List.of("x", "yz.y", "ab.y", "deep"), grid.variables().stream().map(Variable::name).collect(Collectors.toList()));
        assertEquals("x=1; yz.y=10; ab.y=3; deep=5", titles("{x: [1, 2], yz: {y: [10, 20]}, ab: {y: [3, 4], q: {deep: [5, 6]}}}").get(0));
    }

    @Test
    void aVariationCarriesFixedValuesChosenValuesTitleAndArguments() {
        Variation first = new Grid(spec("{x: [1, 2], lr: 0.1, yz: {y: [10, 20], z: 5}, layers: [[64, 64]]}")).iterator().next();
        assertEquals(YamlFiles.parseValue("{x: 1, lr: 0.1, yz: {y: 10, z: 5}, layers: [64, 64], title: 'x=1; y=10', "
                + "experiment_arguments: {x: 1, yz: {y: 10}}}", "expected"), first.config());
    }

    @Test
    void aOneItemListOfListsIsOneListValue() {
        GridSpec grid = spec("{layers: [[64, 64]], act: [relu, tanh]}");
        assertEquals(1, grid.variables().get(0).size());
        assertEquals(List.of("act=relu", "act=tanh"), titles("{layers: [[64, 64]], act: [relu, tanh]}"));
        assertEquals(List.of("layers=[64, 64]", "layers=[8]"), titles("{layers: [[64, 64], [8]]}"));
    }

    @Test
    void aGridWithoutVariablesIsOneVariationTitledByItsFile() {
        assertEquals(List.of("config"), titles("{lr: 0.1}"));
        assertEquals(List.of("a=1; b=x"), titles("{a: [1], b: [x]}"));
    }

    @Test
    void filterOutAcceptsShortNamesDottedPathsAndNestedMappings() {
        String grid = "{x: [1, 2, 3], yz: {y: [2, 3, 4], z: [11, 22, 33]}, filter_out: ["
                + "{left: x, right: yz.y, exclude: [[1, 2]]},"
                + "{left: x, right: {yz: z}, exclude: [[1, 11], [2, 22], [3, 33]]}]}";
        List<String> titles = titles(grid);
        assertEquals(16, titles.size());
        assertEquals(16, new Grid(spec(grid)).count());
        for (String title : titles) {
            assertTrue(!title.startsWith("x=1; y=2;"), title);
            assertTrue(!title.matches("x=(1; .*z=11|2; .*z=22|3; .*z=33)"), title);
        }
        assertEquals(titles, titles(grid.replace("right: yz.y", "right: y")));
    }

    @Test
    void countingAMillionVariationsHoldsNone() {
        String grid = "{a: [0,1,2,3,4,5,6,7,8,9], b: [0,1,2,3,4,5,6,7,8,9], c: [0,1,2,3,4,5,6,7,8,9],"
                + " d: [0,1,2,3,4,5,6,7,8,9], e: [0,1,2,3,4,5,6,7,8,9], f: [0,1,2,3,4,5,6,7,8,9],"
                + " filter_out: [{left: a, right: b, exclude: [[0, 0]]}]}";
        assertEquals(990_000, new Grid(spec(grid)).count());
        assertEquals("a=0; b=1; c=0; d=0; e=0; f=0", new Grid(spec(grid)).iterator().next().title(),
                "the first combination is filtered out, the next one comes first");
    }

    @Test
    void badRulesAndVariablesNameTheRule() {
        String vars = "x: [1, 2], yz: {y: [2, 3]}, ab: {y: [5]}";
        assertEquals("configs/exp/config.yaml: filter_out rule 1: left names unknown variable 'w' (variables: x, yz.y, ab.y)",
                error("{" + vars + ", filter_out: [{left: w, right: x, exclude: [[1, 1]]}]}"));
        assertEquals("configs/exp/config.yaml: filter_out rule 1: right 'y' is ambiguous: it could be yz.y or ab.y",
                error("{" + vars + ", filter_out: [{left: x, right: y, exclude: [[1, 2]]}]}"));
        assertEquals("configs/exp/config.yaml: filter_out rule 2: yz.y has no value 7 (its values: 2, 3)",
                error("{" + vars + ", filter_out: [{left: x, right: yz.y, exclude: [[1, 2]]}, {left: x, right: {yz: y}, exclude: [[1, 7]]}]}"));
        assertEquals("configs/exp/config.yaml: filter_out rule 1: has no 'exclude' (a rule needs left, right and exclude)",
                error("{" + vars + ", filter_out: [{left: x, right: yz.y}]}"));
        assertEquals("configs/exp/config.yaml: filter_out rule 1: has no 'left' (a rule needs left, right and exclude)",
                error("{" + vars + ", filter_out: [{right: yz.y, exclude: []}]}"));
        assertEquals("configs/exp/config.yaml: filter_out rule 1: exclude entry [1] is not a pair [x, yz.y]",
                error("{" + vars + ", filter_out: [{left: x, right: yz.y, exclude: [[1]]}]}"));
        assertEquals("configs/exp/config.yaml: filter_out must be a list of rules {left: VAR, right: VAR, exclude: [[a, b], ...]}",
                error("{" + vars + ", filter_out: {left: x}}"));
    }

    @Test
    void emptyAndRepeatedListsAreErrors() {
        assertEquals("configs/exp/config.yaml: yz.y is an empty list; a variable needs at least one value (write [[]] for an empty list value)",
                error("{x: [1], yz: {y: []}}"));
        assertEquals("configs/exp/config.yaml: x lists the value 1 twice", error("{x: [1, 2, 1]}"));
    }
}
