package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed tutorial and DESIGN §6, run in-process with the fixture script. */
class LaunchCommandTest {
    @TempDir
    Path dir;

    Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        lab.defaults("x: 2\nyz:\n  y: 3\n  z: 4\nlog: " + lab.log + "\nsleep: 0.1\n");
        TestFiles.write(lab.configs.resolve("test_experiment/default.yaml"), "x: 2\nyz:\n  y: 3\n  z: 4\nlog: " + lab.log + "\nsleep: 0.3\n");
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    private static Map<String, Object> states(Experiment experiment) {
        Map<String, Object> states = new HashMap<>();
        for (Run run : experiment.runs()) {
            states.merge(io.liftoff.Records.state(experiment, run).label(), 1, (a, b) -> (Integer) a + (Integer) b);
        }
        return states;
    }

    @Test
    void runOnceWithTheDefaultConfig() {
        Cli.Result result = lab.liftoff().ok();
        assertTrue(result.out().contains("run 0 of default"), "a single run's output reaches the terminal:\n" + result.out());
        Experiment experiment = lab.only();
        assertTrue(experiment.folderName().matches("\\d{4}[A-Z][a-z]{2}\\d{2}-\\d{6}_default"), experiment.folderName());
        Run run = experiment.runs().get(0);
        assertEquals("0000_default/0", run.name());
        assertEquals(RunState.DONE, io.liftoff.Records.state(experiment, run));
        assertEquals(0, run.snapshot().exitCode());
        assertTrue(TestFiles.read(run.out()).contains("run 0 of default"), "and is saved");
        Map<String, Object> cfg = YamlFiles.loadMapping(run.cfg());
        assertEquals(run.folder().toString(), cfg.get("out_dir"));
        assertEquals(0, cfg.get("run_id"));
        assertEquals(0, cfg.get("cfg_id"));
        assertEquals("default", cfg.get("title"));
        assertEquals(experiment.folderName() + "/0000_default/0", cfg.get("full_title"));
        assertEquals(List.of(), List.of(experiment.entries()).stream().filter(n -> n.startsWith(".__session")).collect(Collectors.toList()),
                "the session file goes when the session ends");
    }

    @Test
    void aDiffConfigIsMergedOverTheDefault() {
        TestFiles.write(lab.configs.resolve("diff.yaml"), "x: 10\nyz:\n  z: 40\n");
        lab.liftoff("-c", "diff").ok();
        Experiment experiment = lab.only();
        assertTrue(experiment.folderName().endsWith("_diff"));
        Map<String, Object> seen = Lab.seen(experiment.runs().get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) seen.get("config");
        assertEquals(10L, config.get("x"));
        assertEquals(Map.of("y", 3L, "z", 40L), config.get("yz"));
    }

    @Test
    void severalRunsOneAtATimeNeverOverlap() {
        lab.liftoff("--runs-no", "4", "--procs-no", "1").ok();
        List<Lab.Execution> executions = lab.executions();
        assertEquals(4, executions.size());
        assertEquals(1, Lab.maxOverlap(executions));
        assertEquals(Map.of("done", 4), states(lab.only()));
    }

    @Test
    void fortyRunsTwentyAtATime() {
        lab.liftoff("--runs-no", "40", "--procs-no", "20", "--args", "sleep=0.5").ok();
        List<Lab.Execution> executions = lab.executions();
        assertEquals(40, executions.size());
        assertEquals(40, executions.stream().map(Lab.Execution::outDir).distinct().count(), "every run once");
        int overlap = Lab.maxOverlap(executions);
        assertTrue(overlap <= 20 && overlap >= 4, "at most 20 at once, and really in parallel: " + overlap);
    }

    @Test
    void aGridOverFakeGpusRespectsEveryCap() {
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        lab.liftoff("-e", "test_experiment", "--runs-no", "3", "--procs-no", "6", "--gpus", "0,1,2,3", "--per-gpu", "2").ok();
        List<Lab.Execution> executions = lab.executions();
        assertEquals(27, executions.size());
        assertTrue(Lab.maxOverlap(executions) <= 6, "never more than --procs-no");
        Map<String, List<Lab.Execution>> byGpu = executions.stream().collect(Collectors.groupingBy(Lab.Execution::gpu));
        assertEquals(Set.of("0", "1", "2", "3"), byGpu.keySet(), "runs spread over every GPU, not all on GPU 0");
        byGpu.forEach((gpu, runs) -> assertTrue(Lab.maxOverlap(runs) <= 2, "GPU " + gpu + " had " + Lab.maxOverlap(runs)));
        Experiment experiment = lab.only();
        for (Run run : experiment.runs()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) Lab.seen(run).get("env");
            assertEquals(run.snapshot().record().launch().gpu(), env.get("CUDA_VISIBLE_DEVICES"), "the GPU recorded is the GPU given");
        }
    }

    @Test
    void runsOfAGridAreOrderedRunMajorAndCarryTheirArguments() {
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        lab.liftoff("-e", "test_experiment", "--runs-no", "2", "--procs-no", "1", "--args", "sleep=0").ok();
        List<String> order = lab.executions().stream().map(e -> Path.of(e.outDir()).getParent().getFileName() + "/"
                + Path.of(e.outDir()).getFileName()).collect(Collectors.toList());
        assertEquals("0000_x_1__y_10/0", order.get(0));
        assertEquals("0008_x_3__y_30/0", order.get(8), "every variation's first run comes before any second run");
        assertEquals("0000_x_1__y_10/1", order.get(9));
        Map<String, Object> cfg = YamlFiles.loadMapping(lab.only().runs().get(0).cfg());
        assertEquals("x=1; y=10", cfg.get("title"));
        assertEquals(YamlFiles.parseValue("{x: 1, yz: {y: 10}}", "expected"), cfg.get("experiment_arguments"));
    }

    @Test
    void endByGivesEachRunItsSecondsLeft() {
        lab.liftoff("--runs-no", "2", "--end-by", "100").ok();
        for (Lab.Execution execution : lab.executions()) {
            long left = Long.parseLong(execution.endBy());
            assertTrue(left > 90 && left <= 100, "ENDBY " + left);
        }
    }

    @Test
    void noRunStartsAfterStartBy() {
        Cli.Result result = lab.liftoff("--runs-no", "30", "--procs-no", "1", "--start-by", "1", "--args", "sleep=0.4").ok();
        int started = lab.executions().size();
        assertTrue(started >= 1 && started <= 5, "started " + started);
        assertTrue(result.out().contains("not started (--start-by 1s has passed)"), result.out());
        assertEquals(30 - started, (int) states(lab.only()).get("pending"));
    }

    @Test
    void aStopFileStopsLaunchingAndWaitsForRunningRuns() {
        lab.liftoff("--runs-no", "6", "--procs-no", "1", "--args", "touch_stop_at=1").ok();
        assertEquals(2, lab.executions().size(), "runs 0 and 1 ran; run 1 created .STOP");
        Experiment experiment = lab.only();
        assertTrue(Files.exists(experiment.stopFile()));
        assertEquals(Map.of("done", 2, "pending", 4), states(experiment));
        assertTrue(lab.liftoff(experiment.dir().toString()).ok().out().contains("found"), "a .STOP still stops a resume");
        assertEquals(2, lab.executions().size());
    }

    @Test
    void filtersAndMaxRunsChooseWhatRuns() {
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        lab.liftoff("-e", "test_experiment", "--filters", "x=2", "--procs-no", "3", "--args", "sleep=0").ok();
        Set<String> ran = lab.executions().stream().map(e -> Path.of(e.outDir()).getParent().getFileName().toString())
                .collect(Collectors.toSet());
        assertEquals(Set.of("0003_x_2__y_10", "0004_x_2__y_20", "0005_x_2__y_30"), ran);
        Experiment experiment = lab.only();
        lab.liftoff(experiment.dir().toString(), "--max-runs", "2").ok();
        assertEquals(5, lab.executions().size());
        Cli.Result typo = lab.liftoff(experiment.dir().toString(), "--filters", "xx=2").rejected();
        assertEquals("liftoff: --filters xx: no run's config has this key", typo.err().strip());
    }

    @Test
    void aCrashIsRecordedAndTheExitCodeSaysSo() {
        Cli.Result result = lab.liftoff("--runs-no", "2", "--args", "exit_code=3", "message=boom").expect(1);
        assertTrue(result.out().contains("crash 0000_default/0 exit 3"), result.out());
        Run run = lab.only().runs().get(0);
        assertEquals(RunState.CRASHED, io.liftoff.Records.state(lab.only(), run));
        assertEquals(3, run.snapshot().exitCode());
        assertTrue(TestFiles.read(run.err()).contains("boom"));
    }

    @Test
    void continuingAnExperimentAddsOnlyWhatIsMissing() {
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        lab.liftoff("-e", "test_experiment", "--procs-no", "4", "--args", "sleep=0").ok();
        Experiment experiment = lab.only();
        assertEquals(9, lab.executions().size());

        Cli.Result more = lab.liftoff(experiment.dir().toString(), "--runs-no", "2", "--procs-no", "4").ok();
        assertTrue(more.out().contains("added 0 variations and 9 runs"), more.out());
        assertEquals(18, lab.executions().size());

        TestFiles.write(lab.configs.resolve("test_experiment/config.yaml"), "x: [1, 2, 3, 4]\nyz:\n  y: [10, 20, 30]\n");
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment", "--clean").ok();
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        Cli.Result grown = lab.liftoff("--resume", "-e", "test_experiment", "--procs-no", "4", "--args", "sleep=0").ok();
        assertTrue(grown.out().contains("added 3 variations and 6 runs"), grown.out());
        assertEquals(24, lab.executions().size());
        assertEquals(12, experiment.variations().size());
        assertEquals(24, lab.executions().stream().map(Lab.Execution::outDir).distinct().count(), "nothing ran twice");
        assertEquals(Map.of("done", 24), states(experiment));
    }

    @Test
    void nothingIsInterpretedByAShell() {
        Path odd = dir.resolve("my results 'quoted' \"double\" ü $(touch pwned)");
        TestFiles.write(lab.configs.resolve("default.yaml"), "value: \"a'; touch pwned; '\"\nother: \"`touch pwned2` $HOME\"\n"
                + "log: \"" + lab.log + "\"\n");
        Cli.Result result = Cli.run("launch", Lab.fixture("fixture.py").toString(), "--configs-dir", lab.configs.toString(),
                "--results-path", odd.toString(), "--runs-no", "2", "--name", "name; rm -rf ~").ok();
        assertEquals(2, lab.executions().size(), result.out());
        Experiment experiment = new io.liftoff.store.Results(odd).experiments().get(0);
        assertTrue(experiment.folderName().endsWith("_name__rm_-rf__"), experiment.folderName());
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) Lab.seen(experiment.runs().get(0)).get("config");
        assertEquals("a'; touch pwned; '", config.get("value"));
        assertEquals("`touch pwned2` $HOME", config.get("other"));
        for (Path place : List.of(Path.of(""), dir, odd, experiment.dir(), experiment.runs().get(0).folder())) {
            assertFalse(Files.exists(place.resolve("pwned")) || Files.exists(place.resolve("pwned2")), "a shell ran in " + place);
        }
    }

    @Test
    void otherKindsOfScriptsRun() {
        Path shell = TestFiles.write(dir.resolve("run me.sh"), "echo \"sh got $1 $2 $3\"\n");
        Cli.Result sh = Cli.run("launch", shell.toString(), "--configs-dir", lab.configs.toString(), "--results-path",
                lab.results.toString()).ok();
        assertTrue(sh.out().matches("(?s)sh got /.*/cfg.yaml --session-id session-[0-9a-f]{8}\\s*"), sh.out());

        Path executable = TestFiles.write(dir.resolve("tool"), "#!/bin/sh\necho \"exe $LIFTOFF_SESSION_ID\"\n");
        executable.toFile().setExecutable(true);
        assertTrue(Cli.run("launch", executable.toString(), "--configs-dir", lab.configs.toString(), "--results-path",
                lab.results.toString()).ok().out().startsWith("exe session-"));

        Path notExecutable = TestFiles.write(dir.resolve("data.txt"), "hello\n");
        assertEquals("liftoff: script " + notExecutable + ": not executable (chmod +x it), and liftoff does not know how to run *.txt files",
                Cli.run("launch", notExecutable.toString(), "--configs-dir", lab.configs.toString()).rejected().err().strip());
    }

    @Test
    void aJavaScriptReadsItsConfigThroughTheJvmApi() {
        Path script = TestFiles.write(dir.resolve("Train.java"), String.join("\n",
                "public class Train {",
                "  public static void main(String[] args) {",
                "    var opts = io.liftoff.api.Liftoff.parseOpts(args);",
                "    System.out.println(\"sum \" + (opts.getInt(\"x\") + opts.getInt(\"yz.y\") + opts.getInt(\"yz.z\")));",
                "  }",
                "}", ""));
        Cli.Result result = Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path",
                lab.results.toString()).ok();
        assertTrue(result.out().contains("sum 9"), result.out());
    }

    @Test
    void aJarRunsItsMainClassWithTheJvmApiOnTheClassPath() throws Exception {
        Path source = TestFiles.write(dir.resolve("src/Train.java"), String.join("\n",
                "public class Train {",
                "  public static void main(String[] args) {",
                "    var opts = io.liftoff.api.Liftoff.parseOpts(args);",
                "    System.out.println(\"jar sum \" + (opts.getInt(\"x\") + opts.getInt(\"yz.y\")) + \" \" + io.liftoff.api.Liftoff.sessionId(args));",
                "  }",
                "}", ""));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String jdk = Path.of(System.getProperty("java.home"), "bin").toString();
        assertEquals(0, new ProcessBuilder(jdk + "/javac", "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                source.toString()).inheritIO().start().waitFor());
        Path jar = dir.resolve("train.jar");
        assertEquals(0, new ProcessBuilder(jdk + "/jar", "--create", "--file", jar.toString(), "--main-class", "Train", "-C",
                classes.toString(), ".").inheritIO().start().waitFor());
        Cli.Result result = Cli.run("launch", jar.toString(), "--configs-dir", lab.configs.toString(), "--results-path",
                lab.results.toString()).ok();
        assertTrue(result.out().matches("(?s)jar sum 5 session-[0-9a-f]{8}\\s*"), result.out());
    }

    @Test
    void badInputCreatesNothing() {
        List<String> before = TestFiles.tree(dir);
        assertEquals("liftoff: script nope.py: no such file",
                Cli.run("launch", "nope.py", "--results-path", lab.results.toString()).rejected().err().strip());
        assertTrue(lab.liftoff("-e", "test_experiment").rejected().err()
                .contains("holds no prepared variations; run liftoff-prepare test_experiment first"));
        assertEquals("liftoff: --per-gpu 2,1: gives 2 caps for 3 GPUs (give one number for all, or one per GPU)",
                lab.liftoff("--gpus", "0,1,2", "--per-gpu", "2,1").rejected().err().strip());
        assertEquals("liftoff: --procs-no 0: must be at least 1", lab.liftoff("--procs-no", "0").rejected().err().strip());
        assertTrue(lab.liftoff("-c", "missing").rejected().err().contains("-c missing: no config file"));
        assertTrue(lab.liftoff("--gpus", "zero").rejected().err().contains("--gpus: 'zero' is not a GPU"));
        assertTrue(lab.liftoff("-e", "test_experiment", "-c", "diff").rejected().err().contains("cannot be used together"));
        assertEquals(before, TestFiles.tree(dir));
    }

    @Test
    void gpuWordsStopAtTheScript() {
        Cli.Result result = Cli.run("launch", "--gpus", "0", "1", "--results-path", lab.results.toString(), "--configs-dir",
                lab.configs.toString(), Lab.fixture("fixture.py").toString(), "--runs-no", "2").ok();
        Set<Object> gpus = new HashSet<>();
        lab.only().runs().forEach(run -> gpus.add(run.snapshot().record().launch().gpu()));
        assertEquals(Set.of("0", "1"), gpus, result.out());
    }
}
