package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a first-time user trips over: names without extensions, typos, and the hints liftoff gives. */
class NewcomerTest {
    @TempDir
    Path dir;

    Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        lab.defaults("x: 1\n");
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    private Cli.Result launch(String script, String... args) {
        return Cli.run(List.of("launch", script, "--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString()),
                args);
    }

    @Test
    void aScriptNamedWithoutItsExtensionIsFound() throws Exception {
        Path script = Files.copy(Lab.fixture("fixture.py"), dir.resolve("smart_example.py"));
        Cli.Result result = launch(dir.resolve("smart_example").toString()).ok();
        assertTrue(result.out().contains("run 0 of default"), result.out());
        assertEquals(script.toString(), lab.only().meta().script());
        Files.writeString(dir.resolve("twice.sh"), "exit 0\n");
        Files.writeString(dir.resolve("twice.java"), "");
        assertEquals("liftoff: script " + dir.resolve("twice") + ": several files match (twice.java, twice.sh); name one with its extension",
                launch(dir.resolve("twice").toString()).rejected().err().strip());
    }

    @Test
    void typosGetTheNameThatWasMeant() {
        assertEquals("liftoff: script stauts: no such file; did you mean liftoff status?", launch("stauts").rejected().err().strip());
        assertTrue(launch(Lab.fixture("fixture.py").toString(), "--procs-n", "2").rejected().err()
                .contains("did you mean --procs-no?"), "an option");
        lab.liftoff().ok();
        assertTrue(lab.command("status", "-e", "defualt").ok().out().strip().endsWith("did you mean default?"), "an experiment");
        assertTrue(lab.command("clean", "-e", "defualt").rejected().err().strip().endsWith("did you mean default?"));
    }

    @Test
    void aSweepOnTheCommandLineIsAGrid() {
        lab.defaults("lr: 0.5\nseed: 0\nname: 'a,b'\n");
        Cli.Result result = launch(Lab.fixture("fixture.py").toString(), "--sweep", "lr=0.1,0.01", "seed=1,2",
                "--procs-no", "2").ok();
        io.liftoff.store.Experiment experiment = lab.only();
        assertEquals(List.of("0000_lr_0.1__seed_1", "0001_lr_0.1__seed_2", "0002_lr_0.01__seed_1", "0003_lr_0.01__seed_2"),
                experiment.variations().stream().map(io.liftoff.store.VariationFolder::name).toList(), result.out());
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> config = (java.util.Map<String, Object>) Lab.seen(experiment.runs().get(3)).get("config");
        assertEquals(0.01, config.get("lr"));
        assertEquals(2L, ((Number) config.get("seed")).longValue());
        assertEquals("a,b", config.get("name"));
        assertEquals(java.util.Map.of("lr", 0.01, "seed", 2L), config.get("experiment_arguments"));
        assertTrue(launch(Lab.fixture("fixture.py").toString(), "--sweep", "lr").rejected().err().contains("--sweep"));
    }

    @Test
    void variationsPreparedFromAConfigChangedSinceAreRefused() throws Exception {
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        Files.writeString(lab.configs.resolve("test_experiment/config.yaml"), "x: [1, 2, 3, 4]\nyz:\n  y: [10, 20, 30]\n");
        String error = launch(Lab.fixture("fixture.py").toString(), "-e", "test_experiment").rejected().err();
        assertTrue(error.contains("config.yaml changed since the variations were prepared; run liftoff-prepare test_experiment --clean"),
                error);
        assertEquals(List.of(), lab.experiments());
    }
}
