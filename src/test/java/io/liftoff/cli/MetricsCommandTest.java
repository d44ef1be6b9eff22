package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics reported by runs, as status and collect show them: a Python grid that reports with
 * {@code report()} and then wipes its out_dir, and a shell script that appends lines by hand.
 */
class MetricsCommandTest {
    /** loss = x / step, acc = x * step / 10 for steps 1..5; then the script removes its whole out_dir. */
    private static final String SCRIPT = String.join("\n",
            "import shutil",
            "from liftoff import parse_opts, report",
            "opts = parse_opts()",
            "for step in range(1, 6):",
            "    report(step, loss=opts.x / step, acc=opts.x * step / 10)",
            "shutil.rmtree(opts.out_dir)",
            "");

    /** Any language: a first attempt that reports and crashes, a second that reports, and a line cut short. */
    private static final String SHELL = String.join("\n",
            "if [ \"$LIFTOFF_ATTEMPT\" = 1 ]; then",
            "  echo '{\"step\": 1, \"reward\": -9}' >> \"$LIFTOFF_METRICS\"",
            "  exit 3",
            "fi",
            "for step in 1 2 3; do",
            "  printf '{\"step\": %d, \"reward\": 0.%d, \"time\": %s}\\n' \"$step\" \"$((10 - step))\" \"$(date +%s)\" >> \"$LIFTOFF_METRICS\"",
            "done",
            "printf '{\"step\": 4, \"rew' >> \"$LIFTOFF_METRICS\"",
            "");

    @TempDir
    static Path dir;

    static Lab lab;
    static Experiment grid;

    @BeforeAll
    static void launch() {
        lab = new Lab(dir);
        TestFiles.write(lab.configs.resolve("grid/default.yaml"), "x: 0\n");
        TestFiles.write(lab.configs.resolve("grid/config.yaml"), "x: [1, 2, 3]\n");
        Path script = TestFiles.write(dir.resolve("train.py"), SCRIPT);
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "grid").ok();
        Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString(),
                "-e", "grid", "--procs-no", "3").ok();
        grid = lab.only();
    }

    @AfterAll
    static void tearDown() {
        lab.killLeftovers();
    }

    private static Run run(Experiment experiment, int variation) {
        return experiment.variations().get(variation).runs().get(0);
    }

    @Test
    void aScriptThatWipesItsOutDirKeepsItsMetrics() throws IOException {
        Run run = run(grid, 1);
        assertFalse(Files.exists(run.folder().resolve(Layout.CFG)), "the script removed its folder");
        assertEquals(grid.dir().resolve("0001_x_2/" + Layout.RUNS + "/0.metrics"), run.metrics());
        List<String> lines = Files.readAllLines(run.metrics());
        assertEquals(5, lines.size());
        Map<String, Object> last = Json.parseObject(lines.get(4));
        assertEquals(List.of("step", "loss", "acc", "time"), List.copyOf(last.keySet()));
        assertEquals(5, ((Number) last.get("step")).intValue());
    }

    @Test
    void statusShowsEachRunsLatestStepAndMetrics() throws IOException {
        Cli.Result table = lab.command("status", grid.dir().toString(), "--runs").ok();
        List<String> runs = table.outLines().stream().filter(line -> line.startsWith("000")).toList();
        assertEquals(3, runs.size(), table.out());
        assertTrue(table.out().contains(" step "), table.out());
        assertTrue(runs.get(1).matches("0001_x_2/0 +done .* 5 +loss=0\\.4 acc=1\\.0.*"), runs.get(1));

        Cli.Result json = lab.command("status", grid.dir().toString(), "--runs", "--json").ok();
        @SuppressWarnings("unchecked")
        Map<String, Object> experiment = ((List<Map<String, Object>>) Json.readPythonic(json.out())).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> second = ((List<Map<String, Object>>) experiment.get("runs")).get(1);
        assertEquals(5, ((Number) second.get("step")).intValue());
        assertEquals(Map.of("loss", 0.4, "acc", 1.0), second.get("metrics"));
    }

    @Test
    void collectHasTheLastAndBestValueOfEachMetric() throws IOException {
        List<String> csv = lab.command("collect", grid.dir().toString(), "--csv").ok().outLines();
        assertEquals("variation,run,state,exit_code,seconds,x,step,loss.last,loss.best,acc.last,acc.best", csv.get(0));
        assertTrue(csv.get(2).matches("0001_x_2,0,done,0,[0-9.]+,2,5,0\\.4,0\\.4,1\\.0,1\\.0"), "loss is minimized: " + csv.get(2));

        List<String> max = lab.command("collect", grid.dir().toString(), "--csv", "--mode", "max").ok().outLines();
        assertTrue(max.get(2).endsWith(",2,5,0.4,2.0,1.0,1.0"), "--mode max: " + max.get(2));

        Cli.Result table = lab.command("collect", grid.dir().toString(), "--sort", "loss.best").ok();
        assertTrue(table.outLines().get(0).matches("variation +run +state +exit_code +seconds +x +step +loss\\.last +loss\\.best.*"),
                table.out());
        assertTrue(table.outLines().get(1).startsWith("0000_x_1 "), table.out());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) Json.readPythonic(
                lab.command("collect", grid.dir().toString(), "--json").ok().out());
        assertEquals(1.5, ((Number) rows.get(2).get("acc.last")).doubleValue(), 1e-9);
        assertEquals(0.6, ((Number) rows.get(2).get("loss.best")).doubleValue(), 1e-9);

        List<String> grouped = lab.command("collect", grid.dir().toString(), "--csv", "--group").ok().outLines();
        assertTrue(grouped.get(0).contains(",loss.best.count,loss.best.mean,"), grouped.get(0));
    }

    @Test
    void collectStepsHasARowPerReportedStep() throws IOException {
        List<String> csv = lab.command("collect", grid.dir().toString(), "--steps", "--csv").ok().outLines();
        assertEquals("variation,run,state,x,step,time,loss,acc", csv.get(0));
        assertEquals(16, csv.size());
        assertTrue(csv.get(7).matches("0001_x_2,0,done,2,2,1[0-9]{9}\\.[0-9]+,1\\.0,0\\.4"), csv.get(7));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) Json.readPythonic(
                lab.command("collect", grid.dir().toString(), "--steps", "--json").ok().out());
        assertEquals(15, rows.size());
        assertEquals(3, ((Number) rows.get(14).get("x")).intValue());
        assertEquals(5, ((Number) rows.get(14).get("step")).intValue());

        lab.command("collect", grid.dir().toString(), "--steps", "--group").rejected();
        lab.command("collect", grid.dir().toString(), "--mode", "sideways").rejected();
    }

    @Test
    void aShellScriptAppendsLinesAndARetryStartsAFreshFile() throws IOException {
        Path results = dir.resolve("shell-results");
        Path script = TestFiles.write(dir.resolve("report.sh"), SHELL);
        Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path", results.toString(),
                "--retries", "1").ok();
        Experiment experiment = new io.liftoff.store.Results(results).experiments().get(0);
        Run run = run(experiment, 0);
        assertEquals("{\"step\": 1, \"reward\": -9}\n", TestFiles.read(run.variationPath()
                .resolve(Layout.ATTEMPTS + "/0/1/" + Layout.METRICS)), "the first attempt's metrics moved with it");

        List<String> csv = Cli.run("collect", "--results-path", results.toString(), experiment.dir().toString(), "--csv").ok()
                .outLines();
        assertEquals("variation,run,state,exit_code,seconds,step,reward.last,reward.best", csv.get(0));
        assertTrue(csv.get(1).endsWith(",done,0," + csv.get(1).split(",")[4] + ",3,0.7,0.9"),
                "the line cut short is skipped; reward is maximized: " + csv.get(1));
        List<String> steps = Cli.run("collect", "--results-path", results.toString(), experiment.dir().toString(), "--steps",
                "--csv").ok().outLines();
        assertEquals(4, steps.size(), String.join("\n", steps));
    }
}
