package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.config.YamlFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code liftoff-prepare --samples}: sampled variables in grid files, as a user runs it. */
class PrepareSamplesTest {
    private static final String GRID = "lr: !loguniform [1e-5, 1e-1]\noptim: !choice [adam, sgd]\nlayers: !randint [1, 4]\n"
            + "seed: [1, 2]\n";

    @TempDir
    Path dir;

    private Path configs() {
        Path configs = dir.resolve("configs");
        TestFiles.write(configs.resolve("search/default.yaml"), "lr: 0.1\noptim: adam\nlayers: 2\nseed: 0\n");
        TestFiles.write(configs.resolve("search/config.yaml"), GRID);
        return configs;
    }

    private static Cli.Result prepare(Path configs, String... args) {
        return Cli.run(List.of("prepare", "--configs-dir", configs.toString(), "search"), args);
    }

    /** The generated files by name, with their text. */
    private static Map<String, String> generated(Path configs) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(configs.resolve("search"))) {
            for (Path file : list.filter(f -> f.getFileName().toString().matches("\\d+_.*")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    @Test
    void theSameSeedAndNGiveTheSameFilesByteForByteAndAnotherSeedOthers() {
        for (String sampler : List.of("random", "sobol")) {
            Path configs = configs();
            prepare(configs, "--samples", "6", "--seed", "3", "--sampler", sampler).ok();
            Map<String, String> first = generated(configs);
            assertEquals(12, first.size());
            prepare(configs, "--clean").ok();
            prepare(configs, "--samples", "6", "--seed", "3", "--sampler", sampler).ok();
            assertEquals(first, generated(configs));
            prepare(configs, "--clean").ok();
            prepare(configs, "--samples", "6", "--seed", "4", "--sampler", sampler).ok();
            assertNotEquals(first.keySet(), generated(configs).keySet(), sampler);
            prepare(configs, "--clean").ok();
        }
    }

    @Test
    void preparingAgainWithMoreSamplesKeepsTheFirstFilesAndAddsTheRest() {
        Path configs = configs();
        prepare(configs, "--samples", "10", "--sampler", "sobol", "--seed", "9").ok();
        Map<String, String> fresh = generated(configs);
        prepare(configs, "--clean").ok();

        prepare(configs, "--samples", "4", "--sampler", "sobol", "--seed", "9").ok();
        Map<String, String> few = generated(configs);
        assertEquals(8, few.size());
        Cli.Result more = prepare(configs, "--samples", "10", "--sampler", "sobol", "--seed", "9").ok();
        assertTrue(more.out().contains("kept the 8 variation files prepared before with this seed and sampler\n"
                + "wrote 12 new variation files"), more.out());
        Map<String, String> grown = generated(configs);
        assertEquals(20, grown.size());
        few.forEach((name, text) -> assertEquals(text, grown.get(name), name + " is kept as it was"));
        assertEquals(fresh, grown, "growing gives what preparing the larger N at once gives");
        assertTrue(prepare(configs, "--samples", "10", "--sampler", "sobol", "--seed", "9").ok().out()
                .contains("wrote 0 new variation files"));
    }

    @Test
    void aDifferentSeedOrFewerSamplesThanPreparedIsRefusedWithoutTouchingTheFiles() {
        Path configs = configs();
        prepare(configs, "--samples", "5", "--seed", "1").ok();
        List<String> before = TestFiles.tree(configs);
        Map<String, String> files = generated(configs);
        String seed = prepare(configs, "--samples", "8", "--seed", "2").rejected().err();
        assertTrue(seed.contains("drawn with --seed 1 --sampler random (not --seed 2 --sampler random); run liftoff-prepare search --clean"), seed);
        String sampler = prepare(configs, "--samples", "8", "--seed", "1", "--sampler", "sobol").rejected().err();
        assertTrue(sampler.contains("--clean"), sampler);
        String fewer = prepare(configs, "--samples", "3", "--seed", "1").rejected().err();
        assertTrue(fewer.contains("--samples 3 would drop some"), fewer);
        String none = prepare(configs).rejected().err();
        assertTrue(none.contains("config.yaml: lr is sampled"), none);
        TestFiles.write(configs.resolve("search/config.yaml"), GRID + "width: [64]\n");
        String stale = prepare(configs, "--samples", "8", "--seed", "1").rejected().err();
        assertTrue(stale.contains("config.yaml changed since the variations were prepared"), stale);
        TestFiles.write(configs.resolve("search/config.yaml"), GRID);
        assertEquals(before, TestFiles.tree(configs));
        assertEquals(files, generated(configs));
    }

    @Test
    void prepareShowsTheDistributionsAndTheFilesKeepFullPrecision() {
        Path configs = configs();
        Cli.Result result = prepare(configs, "--samples", "3").ok();
        assertTrue(result.out().contains("  seed    2 values\n  lr      loguniform(1e-05, 0.1)\n  optim   choice(adam, sgd)\n"
                + "  layers  randint(1, 4)\n  3 samples (random, seed 0) of each of 2 combinations\n  6 variations\n"), result.out());
        for (Map.Entry<String, String> file : generated(configs).entrySet()) {
            Map<String, Object> config = castMap((Map<?, ?>) YamlFiles.parseValue(file.getValue(), "file"));
            double lr = (Double) config.get("lr");
            assertTrue(file.getKey().contains("lr_" + io.liftoff.store.Layout.sanitize(String.format("%.3g", lr).replaceAll("0+$", ""))),
                    file.getKey() + " shows lr " + lr + " rounded");
            assertTrue(file.getValue().contains("\nlr: " + lr + "\n"), "full precision in " + file.getValue());
            assertTrue(config.get("layers") instanceof Integer);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @Test
    void aSampledExperimentLaunchesAndResumingAfterMoreSamplesRunsOnlyTheNewOnes() {
        Lab lab = new Lab(dir.resolve("lab"));
        try {
            TestFiles.write(lab.configs.resolve("search/default.yaml"), "lr: 0.1\nseed: 0\nlog: " + lab.log + "\n");
            TestFiles.write(lab.configs.resolve("search/config.yaml"), "lr: !loguniform [1e-5, 1e-1]\nseed: [1, 2]\n");
            Cli.run("prepare", "--configs-dir", lab.configs.toString(), "search", "--samples", "1").ok();
            lab.liftoff("-e", "search").ok();
            assertEquals(2, lab.only().variations().size());
            Cli.run("prepare", "--configs-dir", lab.configs.toString(), "search", "--samples", "2").ok();
            Cli.Result resumed = lab.liftoff("-e", "search", "--resume").ok();
            assertEquals(4, lab.only().variations().size(), resumed.out());
            assertEquals(4, lab.executions().size(), "each variation ran once: " + resumed.out());
        } finally {
            lab.killLeftovers();
        }
    }

    @Test
    void aDryRunCountsTheSamplesAndWritesNothing() {
        Path configs = configs();
        List<String> before = TestFiles.tree(configs);
        Cli.Result result = prepare(configs, "-n", "--samples", "7", "--sampler", "sobol").ok();
        assertTrue(result.out().contains("  7 samples (sobol, seed 0) of each of 2 combinations\n  14 variations\n"), result.out());
        assertEquals(before, TestFiles.tree(configs));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "low above high       | 'lr: !uniform [1, 0]'                  | --samples 2 | config.yaml: lr: !uniform [1, 0] has low 1 greater than high 0",
        "loguniform from 0    | 'lr: !loguniform [0, 1]'               | --samples 2 | config.yaml: lr: !loguniform bounds must be greater than 0",
        "one bound            | 'lr: !uniform [1]'                     | --samples 2 | config.yaml: lr: !uniform needs two bounds [low, high], not 1",
        "three bounds         | 'n: !randint [1, 2, 3]'                | --samples 2 | config.yaml: n: !randint needs two bounds [low, high], not 3",
        "text bound           | 'lr: !uniform [a, 1]'                  | --samples 2 | config.yaml: lr: !uniform bounds must be finite numbers, not a",
        "randint of floats    | 'n: !randint [1.5, 3]'                 | --samples 2 | config.yaml: n: !randint bounds must be integers, not 1.5",
        "unknown tag          | 'a: {lr: !normal [0, 1]}'              | --samples 2 | config.yaml: a.lr: unknown distribution !normal",
        "empty choice         | 'opt: !choice []'                      | --samples 2 | config.yaml: opt: !choice [] has no items",
        "choice twice         | 'opt: !choice [a, a]'                  | --samples 2 | config.yaml: opt: !choice lists the value a twice",
        "scalar under a tag   | 'lr: !uniform 3'                       | --samples 2 | config.yaml: lr: !uniform needs a list [low, high], not '3'",
        "tag inside a list    | 'lr: [1, !uniform [0, 1]]'             | --samples 2 | config.yaml: lr: the tag !uniform is inside another value",
        "sampled in a zip     | 'lr: !uniform [0, 1]\nw: [1, 2]\nzip: [[lr, w]]' | --samples 2 | lr is sampled, and a zip group holds lists",
        "continuous filter    | 'lr: !uniform [0, 1]\nw: [1, 2]\nfilter_out: [{left: lr, right: w, exclude: [[0.5, 1]]}]' | --samples 2 | filter_out rule 1: lr is sampled from uniform(0, 1), whose values cannot be listed",
        "filter on no value   | 'o: !choice [a, b]\nw: [1, 2]\nfilter_out: [{left: o, right: w, exclude: [[c, 1]]}]' | --samples 2 | filter_out rule 1: o never draws c",
        "samples missing      | 'lr: !uniform [0, 1]'                  | -n          | config.yaml: lr is sampled (uniform(0, 1)); pass --samples N",
        "nothing sampled      | 'lr: [1, 2]'                           | --samples 2 | --samples: no config*.yaml in",
        "zero samples         | 'lr: !uniform [0, 1]'                  | --samples 0 | --samples 0: the number of samples must be at least 1",
        "seed alone           | 'lr: !uniform [0, 1]'                  | --seed 3    | --seed goes with --samples N",
        "unknown sampler      | 'lr: !uniform [0, 1]'                  | --samples 2 --sampler halton | --sampler halton: not a sampler (random or sobol)",
    })
    void badInputIsOneLineExitTwoAndNothingWritten(String name, String grid, String options, String expected) {
        Path configs = configs();
        TestFiles.write(configs.resolve("search/config.yaml"), grid.replace("\\n", "\n") + "\n");
        List<String> before = TestFiles.tree(configs);
        Cli.Result result = prepare(configs, options.split(" ")).rejected();
        assertTrue(result.err().contains(expected), () -> "expected '" + expected + "' in: " + result.err());
        assertEquals(before, TestFiles.tree(configs));
    }

    @Test
    void sobolRefusesMoreVariablesThanItHasDirectionNumbersFor() {
        Path configs = configs();
        StringBuilder grid = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            grid.append("v").append(i).append(": !uniform [0, 1]\n");
        }
        TestFiles.write(configs.resolve("search/config.yaml"), grid.toString());
        String err = prepare(configs, "--samples", "2", "--sampler", "sobol").rejected().err();
        assertTrue(err.contains("has 33 sampled variables, more than the 32 it supports; use --sampler random"), err);
        prepare(configs, "--samples", "2").ok();
        assertEquals(2, generated(configs).size(), "the random sampler has no such limit");
    }

    @Test
    void aTagOutsideAGridFileIsAnErrorThatSaysWhereTagsBelong() {
        Path configs = configs();
        TestFiles.write(configs.resolve("search/default.yaml"), "lr: !uniform [0, 1]\n");
        String err = prepare(configs, "--samples", "2").rejected().err();
        assertTrue(err.contains("default.yaml:1:5: the tag !uniform is allowed only in a grid's configs/EXPERIMENT/config*.yaml"), err);
    }
}
