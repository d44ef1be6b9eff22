package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.TestFiles;
import io.liftoff.config.ConfigMerge;
import io.liftoff.config.YamlFiles;
import io.liftoff.grid.GridFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrepareCommandTest {
    @TempDir
    Path dir;

    private Path configs() {
        return TestFiles.tutorialConfigs(dir.resolve("configs"));
    }

    private Cli.Result prepare(Path configs, String... args) {
        return Cli.run(List.of("prepare", "--configs-dir", configs.toString()), args);
    }

    /** Each generated file merged over the grid's default.yaml, as the launcher will see it. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> merged(Path grid) {
        Map<String, Object> defaults = YamlFiles.loadMapping(grid.resolve("default.yaml"));
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Path file : new GridFolder(grid.getParent(), grid.getFileName().toString()).generatedFiles()) {
            configs.add(ConfigMerge.merge(defaults, YamlFiles.loadMapping(file)));
        }
        return configs;
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> xyz(Map<String, Object> config) {
        Map<String, Object> yz = (Map<String, Object>) config.get("yz");
        return List.of((Integer) config.get("x"), (Integer) yz.get("y"), (Integer) yz.get("z"));
    }

    @Test
    void filterOutYieldsTheSixteenAllowedCombinations() {
        Path configs = configs();
        Cli.Result result = prepare(configs, "filter_out").ok();
        assertTrue(result.out().contains("16 variations (27 combinations, 11 filtered out)"), result.out());
        assertTrue(result.out().contains("filter 2: x, z: excludes (1, 11), (2, 22), (3, 33)"), result.out());
        Set<List<Integer>> expected = new HashSet<>();
        for (int x = 1; x <= 3; x++) {
            for (int y = 2; y <= 4; y++) {
                for (int z : new int[] {11, 22, 33}) {
                    boolean excluded = (x == 1 && y == 2) || z == 11 * x;
                    if (!excluded) {
                        expected.add(List.of(x, y, z));
                    }
                }
            }
        }
        List<Map<String, Object>> variations = merged(configs.resolve("filter_out"));
        assertEquals(16, variations.size());
        Set<List<Integer>> seen = new HashSet<>();
        variations.forEach(config -> seen.add(xyz(config)));
        assertEquals(expected, seen);
        Map<String, Object> first = variations.get(0);
        assertEquals("x=1; y=3; z=22", first.get("title"));
        assertEquals(YamlFiles.parseValue("{x: 1, yz: {y: 3, z: 22}}", "expected"), first.get("experiment_arguments"));
    }

    @Test
    void testExperimentYieldsNineVariationsOverItsDefault() {
        Path configs = configs();
        prepare(configs, "test_experiment").ok();
        List<Map<String, Object>> variations = merged(configs.resolve("test_experiment"));
        assertEquals(9, variations.size());
        Set<List<Integer>> seen = new HashSet<>();
        variations.forEach(config -> seen.add(xyz(config)));
        Set<List<Integer>> expected = new HashSet<>();
        for (int x : new int[] {1, 2, 3}) {
            for (int y : new int[] {10, 20, 30}) {
                expected.add(List.of(x, y, 4));
            }
        }
        assertEquals(expected, seen, "z keeps its default 4");
        assertTrue(Files.exists(configs.resolve("test_experiment/0000_x_1__y_10.yaml")), TestFiles.tree(configs).toString());
    }

    @Test
    void itRefusesToOverwriteAnEarlierPreparationAndCleanRemovesOnlyGeneratedFiles() {
        Path configs = configs();
        prepare(configs, "test_experiment").ok();
        List<String> before = TestFiles.tree(configs);
        Cli.Result again = prepare(configs, "test_experiment").rejected();
        assertEquals("liftoff-prepare: " + configs.resolve("test_experiment")
                + " already holds 9 generated variation files; run liftoff-prepare test_experiment --clean first", again.err().strip());
        assertEquals(before, TestFiles.tree(configs));

        TestFiles.write(configs.resolve("test_experiment/0042_mine.yaml"), "x: 5\n");
        TestFiles.write(configs.resolve("test_experiment/notes.txt"), "mine\n");
        Cli.Result clean = prepare(configs, "test_experiment", "--clean").ok();
        assertTrue(clean.out().startsWith("removed 9 generated variation files"), clean.out());
        assertEquals(List.of("", "0042_mine.yaml", "config.yaml", "default.yaml", "notes.txt"),
                TestFiles.tree(configs.resolve("test_experiment")));
        prepare(configs, "test_experiment").ok();
    }

    @Test
    void aUserFileInTheWayStopsThePreparationAndLeavesNothingWritten() {
        Path configs = configs();
        TestFiles.write(configs.resolve("test_experiment/0004_x_2__y_20.yaml"), "mine: true\n");
        List<String> before = TestFiles.tree(configs);
        Cli.Result result = prepare(configs, "test_experiment").rejected();
        assertTrue(result.err().contains("0004_x_2__y_20.yaml exists and was not generated by liftoff-prepare"), result.err());
        assertEquals(before, TestFiles.tree(configs));
    }

    @Test
    void everyConfigFileIsExpandedAndDuplicatesAreWrittenOnce() {
        Path configs = configs();
        TestFiles.write(configs.resolve("test_experiment/config_more.yaml"), "x: [3, 4]\nyz:\n  y: [30]\n");
        Cli.Result result = prepare(configs, "test_experiment").ok();
        assertTrue(result.out().contains("1 variations appeared in more than one grid file"), result.out());
        assertEquals(10, merged(configs.resolve("test_experiment")).size());
    }

    @Test
    void aDryRunCountsAndWritesNothing() {
        Path configs = configs();
        List<String> before = TestFiles.tree(configs);
        assertTrue(prepare(configs, "filter_out", "--dry-run").ok().out().contains("16 variations"));
        assertEquals(before, TestFiles.tree(configs));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed yaml        | config.yaml  | 'x: [1, 2\n'                                   | config.yaml:2:1: ",
        "non-mapping top level | config.yaml  | '- 1\n- 2\n'                                   | config.yaml: the top level must be a mapping",
        "empty list            | config.yaml  | 'x: []\n'                                      | config.yaml: x is an empty list",
        "unknown variable      | config.yaml  | 'x: [1, 2]\nfilter_out: [{left: x, right: q, exclude: [[1, 1]]}]\n' | filter_out rule 1: right names unknown variable 'q'",
        "ambiguous variable    | config.yaml  | 'a: {y: [1, 2]}\nb: {y: [3]}\nx: [1]\nfilter_out: [{left: x, right: y, exclude: [[1, 1]]}]\n' | filter_out rule 1: right 'y' is ambiguous",
        "value not in list     | config.yaml  | 'x: [1, 2]\ny: [3, 4]\nfilter_out: [{left: x, right: y, exclude: [[1, 5]]}]\n' | filter_out rule 1: y has no value 5",
        "rule without right    | config.yaml  | 'x: [1, 2]\nfilter_out: [{left: x, exclude: [[1, 1]]}]\n' | filter_out rule 1: has no 'right'",
        "zip of unequal lists  | config.yaml  | 'x: [1, 2]\ny: [3]\nzip: [[x, y]]\n'           | config.yaml: zip group 1 [x, y]: the lists must have equal lengths (x has 2, y has 1)",
        "zip of an unknown name| config.yaml  | 'x: [1, 2]\nzip: [[x, q]]\n'                  | config.yaml: zip group 1 [x, q] names unknown variable 'q' (variables: x)",
        "alias bomb            | config.yaml  | 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h]\nj: &j [*i, *i, *i, *i, *i]\n' | config.yaml:8:24: more than 1,000,000 values once aliases are expanded",
        "deep nesting          | config.yaml  | 'x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n' | config.yaml:1:53: lists and mappings nested more than 50 deep",
        "NUL in a key          | config.yaml  | 'x: [1, 2]\n\"a\\0b\": 1\n'                  | config.yaml:2:1: key \"a\\0b\" holds a control character (U+0000)",
        "control character     | default.yaml | 'x: \u0007\n'                                 | default.yaml:1:4: the character U+0007 is not allowed in YAML text",
        "malformed default     | default.yaml | 'x: : 1\n'                                     | default.yaml:1:",
        "non-mapping default   | default.yaml | '[1]\n'                                        | default.yaml: the top level must be a mapping",
    })
    void badInputIsRejectedWithOneLineAndNothingWritten(String name, String file, String text, String expected) {
        Path configs = configs();
        Path grid = configs.resolve("bad");
        TestFiles.write(grid.resolve("default.yaml"), "x: 0\ny: 0\n");
        TestFiles.write(grid.resolve("config.yaml"), "x: [1, 2]\n");
        TestFiles.write(grid.resolve(file), text.replace("\\n", "\n"));
        List<String> before = TestFiles.tree(configs);
        Cli.Result result = prepare(configs, "bad").rejected();
        assertTrue(result.err().startsWith("liftoff-prepare: " + grid), result.err());
        assertTrue(result.err().contains(expected), () -> "expected '" + expected + "' in: " + result.err());
        assertEquals(before, TestFiles.tree(configs));
    }

    @Test
    void aZipPreparesItsGroupAsOneFactorWithThePairsIntact() {
        Path configs = configs();
        TestFiles.write(configs.resolve("zipped/default.yaml"), "lr: 0\nwarmup: 0\nseed: 0\n");
        TestFiles.write(configs.resolve("zipped/config.yaml"), "lr: [0.1, 0.01, 0.001]\nseed: [1, 2]\nwarmup: [10, 100, 1000]\n"
                + "zip: [[lr, warmup]]\n");
        Cli.Result result = prepare(configs, "zipped").ok();
        assertTrue(result.out().contains("  zip 1: lr, warmup vary together (3 values)\n  6 variations\n"), result.out());
        List<Map<String, Object>> variations = merged(configs.resolve("zipped"));
        assertEquals(6, variations.size());
        Set<List<Object>> pairs = new HashSet<>();
        for (Map<String, Object> config : variations) {
            assertTrue(!config.containsKey("zip"), config.toString());
            pairs.add(List.of(config.get("lr"), config.get("warmup")));
        }
        assertEquals(Set.of(List.of(0.1, 10), List.of(0.01, 100), List.of(0.001, 1000)), pairs);
        assertEquals("lr=0.1; seed=1; warmup=10", variations.get(0).get("title"));
    }

    @Test
    void missingFilesAreNamed() {
        Path configs = configs();
        TestFiles.write(configs.resolve("nodefault/config.yaml"), "x: [1]\n");
        TestFiles.write(configs.resolve("noconfig/default.yaml"), "x: 1\n");
        List<String> before = TestFiles.tree(configs);
        assertEquals("liftoff-prepare: " + configs.resolve("nodefault/default.yaml") + ": no such file (every grid needs a default.yaml)",
                prepare(configs, "nodefault").rejected().err().strip());
        assertEquals("liftoff-prepare: " + configs.resolve("noconfig/config.yaml") + ": no such file (a grid needs a config.yaml)",
                prepare(configs, "noconfig").rejected().err().strip());
        assertTrue(prepare(configs, "absent").rejected().err().contains("no such experiment folder"));
        assertEquals(before, TestFiles.tree(configs));
    }

    @Test
    void aVariableMissingFromTheDefaultIsNoted() {
        Path configs = configs();
        TestFiles.write(configs.resolve("test_experiment/config.yaml"), "x: [1, 2]\nlr: [0.1]\n");
        Cli.Result result = prepare(configs, "test_experiment").ok();
        assertTrue(result.err().contains("lr is not in default.yaml; the variations add it"), result.err());
    }

    @Test
    void theFolderMayBeGivenAsAPath() {
        Path configs = configs();
        Cli.Result result = Cli.run("prepare", configs.resolve("test_experiment") + "/").ok();
        assertTrue(result.out().contains("wrote 9 variation files"), result.out());
    }

    @Test
    void unknownOptionsAreOneLineUsageErrors() {
        assertEquals("liftoff-prepare: Unknown option: '--frobnicate' (see liftoff-prepare --help)",
                Cli.run("prepare", "--frobnicate", "x").rejected().err().strip());
        assertTrue(Cli.run("prepare").rejected().err().contains("Missing required parameter: 'EXPERIMENT'"));
    }
}
