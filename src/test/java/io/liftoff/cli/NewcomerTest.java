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
}
