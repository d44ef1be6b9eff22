package io.liftoff.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void aZipGroupVariesTogetherAsOneFactor() {
        String grid = "{lr: [0.1, 0.01, 0.001], seed: [1, 2], warmup: [10, 100, 1000], zip: [[lr, warmup]]}";
        assertEquals(List.of("lr=0.1; seed=1; warmup=10", "lr=0.1; seed=2; warmup=10", "lr=0.01; seed=1; warmup=100",
                "lr=0.01; seed=2; warmup=100", "lr=0.001; seed=1; warmup=1000", "lr=0.001; seed=2; warmup=1000"), titles(grid),
                "the group stands where its first variable does; every varied variable shows");
        assertEquals(6, new Grid(spec(grid)).count());
        assertEquals(6, spec(grid).combinations());
        for (Variation variation : new Grid(spec(grid))) {
            Map<String, Object> config = variation.config();
            assertEquals(List.of(0.1, 0.01, 0.001).indexOf(config.get("lr")), List.of(10, 100, 1000).indexOf(config.get("warmup")));
            assertTrue(!config.containsKey("zip"), "zip is no variable and reaches no config");
        }
        assertEquals(YamlFiles.parseValue("{lr: 0.1, seed: 1, warmup: 10}", "expected"),
                new Grid(spec(grid)).iterator().next().config().get("experiment_arguments"));
    }

    @Test
    void zipNamesFollowTheRulesOfFilterNamesAndFiltersStillApply() {
        String grid = "{opt: {lr: [1, 2, 3], mom: [4, 5, 6]}, data: {mom: [7, 8]}, b: [x, y], c: [p, q, r],"
                + " zip: [[lr, {opt: mom}], [b, data.mom]],"
                + " filter_out: [{left: opt.mom, right: c, exclude: [[5, q]]}, {left: b, right: lr, exclude: [[y, 3]]}]}";
        List<String> titles = titles(grid);
        assertEquals(3 * 2 * 3 - 1 * 2 * 1 - 1 * 1 * 3, titles.size(), String.join("\n", titles));
        assertEquals("lr=1; opt.mom=4; data.mom=7; b=x; c=p", titles.get(0));
        for (String title : titles) {
            assertTrue(title.matches("lr=(1; opt.mom=4|2; opt.mom=5|3; opt.mom=6); data.mom=(7; b=x|8; b=y); c=[pqr]"), title);
            assertTrue(!title.contains("opt.mom=5") || !title.endsWith("c=q"), title);
            assertTrue(!title.startsWith("lr=3") || !title.contains("b=y"), title);
        }
    }

    @Test
    void badZipsNameTheGroup() {
        String vars = "lr: [1, 2, 3], warmup: [1, 2], seed: [1, 2], yz: {y: [1, 2]}, ab: {y: [3, 4]}";
        assertEquals("configs/exp/config.yaml: zip group 1 [lr, warmup]: the lists must have equal lengths (lr has 3, warmup has 2)",
                error("{" + vars + ", zip: [[lr, warmup]]}"));
        assertEquals("configs/exp/config.yaml: zip group 2 [seed, q] names unknown variable 'q' (variables: lr, warmup, seed, yz.y, ab.y)",
                error("{" + vars + ", zip: [[warmup, yz.y], [seed, q]]}"));
        assertEquals("configs/exp/config.yaml: zip group 2 [seed, warmup]: warmup is already in zip group 1",
                error("{" + vars + ", zip: [[warmup, yz.y], [seed, warmup]]}"));
        assertEquals("configs/exp/config.yaml: zip group 1 [seed, {yz: y}, seed]: names seed twice",
                error("{" + vars + ", zip: [[seed, {yz: y}, seed]]}"));
        assertEquals("configs/exp/config.yaml: zip group 1 [seed]: a group needs at least two variables", error("{" + vars + ", zip: [[seed]]}"));
        assertEquals("configs/exp/config.yaml: zip group 1 [warmup, y] 'y' is ambiguous: it could be yz.y or ab.y",
                error("{" + vars + ", zip: [[warmup, y]]}"));
        assertEquals("configs/exp/config.yaml: zip must be a list of groups of variables, such as [[lr, warmup], [a, b]]",
                error("{" + vars + ", zip: {lr: warmup}}"));
        assertEquals("configs/exp/config.yaml: zip must be a list of groups of variables, such as [[lr, warmup], [a, b]] (group 1 is lr)",
                error("{" + vars + ", zip: [lr, warmup]}"));
    }

    @Test
    void nullIsAValueLikeAnyOther() {
        assertEquals(List.of("x=null", "x=1"), titles("{x: [null, 1]}"));
        assertEquals("configs/exp/config.yaml: x lists the value null twice", error("{x: [~, null]}"));
    }

    @Test
    void oneVariableOfAHundredThousandValuesCostsLikeAnyOtherShape() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            values.append(i == 0 ? "" : ", ").append(i);
        }
        String grid = "{x: [" + values + "], y: [a, b], filter_out: [{left: x, right: y, exclude: [[99999, b], [0, a]]}]}";
        GridSpec spec = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> spec(grid),
                "checking values and finding filtered ones takes a hash lookup each, not a scan of the list");
        assertEquals(199_998, new Grid(spec).count());
        assertEquals(99_999, spec.variables().get(0).indexOf(99_999.0));
    }

    @Test
    void aGridOfMoreThanAHundredMillionCombinationsIsRefusedBeforeFiltersAreBuilt() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            values.append(i == 0 ? "" : ", ").append(i);
        }
        assertEquals("configs/exp/config.yaml: more than 100,000,000 combinations (x: 20000, y: 20000), liftoff's limit for one grid",
                error("{x: [" + values + "], y: [" + values + "], filter_out: [{left: x, right: y, exclude: [[1, 1]]}]}"));
    }
}
