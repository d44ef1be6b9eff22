package io.liftoff.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
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

class SampledGridTest {
    @TempDir
    Path dir;

    private GridSpec spec(String text) {
        return GridSpec.load(TestFiles.write(dir.resolve("config.yaml"), text));
    }

    /** Each variation's overlay, in order. */
    private List<Map<String, Object>> configs(String text, Sampling sampling) {
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Variation variation : new Grid(spec(text), sampling)) {
            configs.add(variation.config());
        }
        return configs;
    }

    private static Sampling random(long samples, long seed) {
        return new Sampling(samples, seed, Sampler.Method.RANDOM);
    }

    @Test
    void theFirstPointsOfTwoDimensionalSobolFillEveryCellOfTheGridOnce() {
        Sobol sobol = new Sobol(2);
        for (int k = 2; k <= 12; k += 2) {
            int side = 1 << (k / 2);
            int[][] hits = new int[side][side];
            for (long i = 0; i < (1L << k); i++) {
                double[] point = sobol.point(i);
                hits[(int) (point[0] * side)][(int) (point[1] * side)]++;
            }
            for (int[] row : hits) {
                for (int count : row) {
                    assertEquals(1, count, "2^" + k + " points in a " + side + "x" + side + " grid");
                }
            }
        }
    }

    @Test
    void everySobolDimensionIsStratifiedOnItsOwn() {
        Sobol sobol = new Sobol(Sobol.MAX_DIMENSIONS);
        int[][] hits = new int[Sobol.MAX_DIMENSIONS][64];
        for (long i = 0; i < 64; i++) {
            double[] point = sobol.point(i);
            for (int d = 0; d < point.length; d++) {
                hits[d][(int) (point[d] * 64)]++;
            }
        }
        for (int[] dimension : hits) {
            for (int count : dimension) {
                assertEquals(1, count);
            }
        }
    }

    @Test
    void loguniformStaysInItsBoundsAndSpreadsOverEveryDecade() {
        int[] decades = new int[4];
        for (Map<String, Object> config : configs("lr: !loguniform [1e-5, 0.1]\n", random(4000, 3))) {
            double lr = (Double) config.get("lr");
            assertTrue(lr >= 1e-5 && lr <= 0.1, "lr " + lr);
            decades[(int) Math.floor(Math.log10(lr) + 5)]++;
        }
        for (int count : decades) {
            assertTrue(count > 850 && count < 1150, "each decade holds about a quarter: " + java.util.Arrays.toString(decades));
        }
    }

    @Test
    void uniformRandintAndChoiceGiveOnlyTheirValues() {
        Set<Object> ints = new HashSet<>();
        Set<Object> items = new HashSet<>();
        String grid = "x: !uniform [-2, 3]\nn: !randint [1, 3]\nopt: !choice [adam, sgd, [1, 2]]\n";
        for (Sampler.Method method : Sampler.Method.values()) {
            for (Map<String, Object> config : configs(grid, new Sampling(300, 5, method))) {
                double x = (Double) config.get("x");
                assertTrue(x >= -2 && x <= 3, "x " + x);
                ints.add(config.get("n"));
                items.add(config.get("opt"));
            }
        }
        assertEquals(Set.of(1, 2, 3), ints, "randint includes both bounds and gives integers");
        assertEquals(Set.of("adam", "sgd", List.of(1, 2)), items);
    }

    @Test
    void theSameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        String grid = "lr: !loguniform [1e-5, 0.1]\nseed: [1, 2]\n";
        for (Sampler.Method method : Sampler.Method.values()) {
            List<Map<String, Object>> first = configs(grid, new Sampling(20, 11, method));
            assertEquals(40, first.size());
            assertEquals(first, configs(grid, new Sampling(20, 11, method)));
            assertEquals(first.subList(0, 10), configs(grid, new Sampling(5, 11, method)), "fewer samples are the first ones");
            assertFalse(first.equals(configs(grid, new Sampling(20, 12, method))), method + ": another seed, other samples");
        }
    }

    @Test
    void eachGridPointGetsEverySampleAndTheSamplesComeOneAfterTheOther() {
        List<Map<String, Object>> configs = configs("lr: !uniform [0, 1]\nseed: [1, 2, 3]\n", random(4, 0));
        assertEquals(12, configs.size());
        for (int sample = 0; sample < 4; sample++) {
            List<Map<String, Object>> block = configs.subList(3 * sample, 3 * sample + 3);
            assertEquals(List.of(1, 2, 3), block.stream().map(c -> c.get("seed")).toList());
            assertEquals(1, block.stream().map(c -> c.get("lr")).distinct().count(), "one draw per sample");
        }
    }

    @Test
    void aRandomVariableKeepsItsSamplesWhenAnotherVariableIsAdded() {
        List<Object> alone = configs("lr: !uniform [0, 1]\n", random(10, 4)).stream().map(c -> c.get("lr")).toList();
        List<Object> withOther = configs("lr: !uniform [0, 1]\nwd: !uniform [0, 1]\n", random(10, 4)).stream()
                .map(c -> c.get("lr")).toList();
        assertEquals(alone, withOther);
    }

    @Test
    void titlesRoundForPeopleWhileTheConfigKeepsEveryDigit() {
        Variation first = new Grid(spec("lr: !loguniform [1e-5, 0.1]\nn: !randint [1, 9]\n"), random(1, 0)).iterator().next();
        double lr = (Double) first.config().get("lr");
        Map<?, ?> arguments = (Map<?, ?>) first.config().get("experiment_arguments");
        assertEquals(lr, arguments.get("lr"));
        assertEquals("lr=" + Distribution.rounded(lr, 3) + "; n=" + first.config().get("n"), first.title());
        assertEquals(lr, (Double) YamlFiles.parseValue(YamlFiles.inline(lr), "round trip"), 0.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.000123456789 | 0.000123",
        "1.23456e-05    | 1.23e-05",
        "12345.6        | 1.23e+04",
        "0.5            | 0.5",
        "100            | 100",
        "-0.0999999     | -0.1",
    })
    void roundedIsPythonsThreeDigitG(double value, String expected) {
        assertEquals(expected, Distribution.rounded(value, 3));
    }

    @Test
    void aSampledChoiceMayBeFilteredAgainstAList() {
        String grid = "seed: [1, 2]\nopt: !choice [adam, sgd]\nfilter_out: [{left: opt, right: seed, exclude: [[sgd, 2]]}]\n";
        List<Map<String, Object>> configs = configs(grid, random(50, 1));
        assertTrue(configs.stream().noneMatch(c -> c.get("opt").equals("sgd") && c.get("seed").equals(2)));
        assertTrue(configs.stream().anyMatch(c -> c.get("opt").equals("sgd")));
        assertEquals(configs.size(), new Grid(spec(grid), random(50, 1)).count());
        long adam = configs.stream().filter(c -> c.get("opt").equals("adam") && c.get("seed").equals(1)).count();
        assertEquals(50 + adam, configs.size(), "every sample with seed 1, only adam's with seed 2");
    }
}
