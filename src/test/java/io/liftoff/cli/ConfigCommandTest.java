package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    @TempDir
    Path dir;

    Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    private Cli.Result config(String... args) {
        return Cli.run(List.of("config", "--configs-dir", lab.configs.toString()), args);
    }

    @Test
    void printsTheDefaultConfigWithDiffMergedOverItAsYaml() {
        assertEquals("x: 2\nyz:\n  y: 3\n  z: 4\ntitle: default\nexperiment_arguments: {}\n", config().ok().out());
        assertEquals("x: 10\nyz:\n  y: 3\n  z: 40\ntitle: diff\nexperiment_arguments: {}\n", config("-c", "diff").ok().out());
        Cli.Result added = config("-c", "diff", "--args", "yz.y=30", "lr=0.1").ok();
        assertEquals("x: 10\nyz:\n  y: 30\n  z: 40\nlr: 0.1\ntitle: diff\nexperiment_arguments: {}\n", added.out());
        assertEquals("liftoff-config: note: --args lr: no such key in the configuration, adding it\n", added.err());
    }

    @Test
    void jsonIsWhatPythonReadsNaNIncluded() throws IOException {
        TestFiles.write(lab.configs.resolve("odd.yaml"), "lr: .nan\nbest: -.inf\noptim_: {name: sgd}\nlist: [1, 2.5, 'x']\n");
        String json = config("-d", "odd", "--json").ok().out();
        assertTrue(json.contains("\"lr\" : NaN") && json.contains("\"best\" : -Infinity"), json);
        Object parsed = Json.readPythonic(json);
        assertEquals(Map.of("name", "sgd"), ((Map<?, ?>) parsed).get("optim_"));
        assertEquals(List.of(1L, 2.5, "x"), ((Map<?, ?>) parsed).get("list"));
    }

    @Test
    void aFileIsReadAlone() {
        Path file = TestFiles.write(dir.resolve("any.yaml"), "a:\n  b: [1, 2]\n");
        assertEquals("a:\n  b: [1, 2]\n", config(file.toString()).ok().out());
        assertEquals("a:\n  b: [3]\n", config(file.toString(), "--args", "a.b=[3]").ok().out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        TestFiles.write(dir.resolve("broken.yaml"), "a: [1, 2\nb: 3\n");
        assertTrue(config(dir.resolve("broken.yaml").toString()).rejected().err().contains("broken.yaml:2:2: expected"));
        assertTrue(config("nothere.yaml").rejected().err().contains("nothere.yaml: no such file"));
        assertTrue(config("-c", "nothere").rejected().err().contains("-c nothere: no config file"));
        assertTrue(config(dir.resolve("broken.yaml").toString(), "-c", "diff").rejected().err().contains("FILE and -c/-d"));
        assertTrue(config("--args", "x.y=1").rejected().err().contains("x is not a mapping"));
        TestFiles.write(lab.configs.resolve("keys.yaml"), "layers:\n  1: 64\n");
        config("-c", "keys").rejected();
    }

    /** One implementation of the merge rules: what config prints is what the launcher gives a run. */
    @Test
    void theLauncherGivesARunTheSameConfig() throws IOException {
        lab.liftoff("-c", "diff", "--args", "sleep=0", "optim_={lr: 0.1}").ok();
        Run run = lab.only().runs().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> given = (Map<String, Object>) Json.readPythonic(run.folder().resolve(Layout.CFG_JSON));
        for (String runKey : List.of(MetaKeys.OUT_DIR, MetaKeys.RUN_ID, MetaKeys.CFG_ID, MetaKeys.FULL_TITLE)) {
            given.remove(runKey);
        }
        String printed = config("-c", "diff", "--args", "sleep=0", "optim_={lr: 0.1}", "--json").ok().out();
        assertEquals(given, Json.readPythonic(printed));
        Map<String, Object> yaml = YamlFiles.loadMapping(TestFiles.write(dir.resolve("printed.yaml"),
                config("-c", "diff", "--args", "sleep=0", "optim_={lr: 0.1}").ok().out()));
        assertEquals(given.toString(), yaml.toString(), "the YAML says the same");
    }
}
