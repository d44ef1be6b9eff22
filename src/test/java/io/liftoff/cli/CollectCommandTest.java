package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liftoff-collect on a real launched grid: 3 learning rates x 2 depths, 2 runs each, each writing summary.json. */
class CollectCommandTest {
    /** loss = lr * depth + run_id, so that the means per variation are known. */
    private static final String SCRIPT = String.join("\n",
            "import json, os",
            "from liftoff import parse_opts",
            "opts = parse_opts()",
            "loss = opts.lr * opts.model.depth + opts.run_id",
            "with open(os.path.join(opts.out_dir, 'summary.json'), 'w') as f:",
            "    json.dump({'loss': loss, 'metrics': {'acc': 1 - loss / 10}, 'note': 'a, \"b\"\\nc', 'nan': float('nan')}, f)",
            "");

    @TempDir
    static Path dir;

    static Lab lab;
    static Experiment experiment;

    @BeforeAll
    static void launchTheGrid() {
        lab = new Lab(dir);
        TestFiles.write(lab.configs.resolve("grid/default.yaml"), "lr: 0.1\nmodel:\n  depth: 1\n  width: 64\n");
        TestFiles.write(lab.configs.resolve("grid/config.yaml"), "lr: [0.5, 0.25, 0.125]\nmodel:\n  depth: [2, 4]\n");
        Path script = TestFiles.write(dir.resolve("train.py"), SCRIPT);
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "grid").ok();
        Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString(),
                "-e", "grid", "--runs-no", "2", "--procs-no", "4").ok();
        experiment = lab.only();
    }

    @AfterAll
    static void tearDown() {
        lab.killLeftovers();
    }

    private static Cli.Result collect(String... args) {
        return Cli.run(List.of("collect", "--results-path", lab.results.toString()), args);
    }

    @Test
    void aRowPerRunWithTheVariedValuesAndTheFilesKeys() {
        Cli.Result result = collect("-e", "grid", "--file", "summary.json").ok();
        assertEquals("", result.err());
        List<String> lines = result.outLines();
        assertEquals(13, lines.size(), result.out());
        assertTrue(lines.get(0).matches("variation\\s+run\\s+state\\s+exit_code\\s+seconds\\s+lr\\s+model\\.depth\\s+loss\\s+"
                + "metrics\\.acc\\s+note\\s+nan"), lines.get(0));
        assertTrue(lines.get(1).matches("0000_lr_0\\.5__depth_2\\s+0\\s+done\\s+0\\s+\\d+\\.\\d+\\s+0\\.5\\s+2\\s+1\\.0\\s+0\\.9\\s+"
                + "a, \"b\"\\\\nc\\s+nan"), lines.get(1));
        assertEquals(12, lines.stream().skip(1).filter(line -> line.contains(" done ")).count());
    }

    @Test
    void csvReadsBackWithPythonsCsvModule() throws Exception {
        Path csv = TestFiles.write(dir.resolve("table.csv"), collect(experiment.dir().toString(), "--file", "summary.json", "--csv").ok().out());
        String read = python("import csv, sys\n"
                + "rows = list(csv.DictReader(open(sys.argv[1], newline='')))\n"
                + "print(len(rows))\n"
                + "print(sorted(set(float(r['lr']) * int(r['model.depth']) for r in rows)))\n"
                + "print(repr(rows[0]['note']), rows[0]['nan'], rows[3]['state'], rows[3]['variation'], rows[3]['run'])\n"
                + "print(sum(float(r['loss']) for r in rows))\n", csv.toString());
        assertEquals(List.of("12", "[0.25, 0.5, 0.5, 1.0, 1.0, 2.0]".replace("0.5, 0.5", "0.5").replace("1.0, 1.0", "1.0"),
                "'a, \"b\"\\nc' nan done 0001_lr_0.5__depth_4 1", Double.toString((0.5 * 2 + 0.5 * 4 + 0.25 * 2 + 0.25 * 4
                + 0.125 * 2 + 0.125 * 4) * 2 + 6)), read.lines().toList());
    }

    @Test
    void groupGivesARowPerVariationWithMeans() {
        List<Map<String, Object>> rows = json(collect("-t", experiment.timestamp(), "--file", "summary.json", "--group", "--json").ok().out());
        assertEquals(6, rows.size());
        Map<String, Object> first = rows.get(0);
        assertEquals("0000_lr_0.5__depth_2", first.get("variation"));
        assertEquals(0.5, first.get("lr"));
        assertEquals(2L, first.get("model.depth"));
        assertEquals(2L, first.get("runs"));
        assertEquals(2L, first.get("done"));
        assertEquals(2L, first.get("loss.count"));
        assertEquals(1.5, (Double) first.get("loss.mean"), 1e-12, "runs 0 and 1: 1.0 and 2.0");
        assertEquals(Math.sqrt(0.5), (Double) first.get("loss.std"), 1e-12, "a sample's deviation");
        assertEquals(1.0, first.get("loss.min"));
        assertEquals(2.0, first.get("loss.max"));
        assertEquals(0L, first.get("nan.count"), "NaN is skipped");
        assertTrue(first.containsKey("seconds.mean"));
        Cli.Result table = collect("-e", "grid", "--file", "summary.json", "--group").ok();
        assertEquals(7, table.outLines().size(), table.out());
        assertTrue(table.outLines().get(0).contains("loss.mean"), table.outLines().get(0));
        List<String> chosen = collect("-e", "grid", "--file", "summary.json", "--group", "--columns", "model.depth,lr,loss.mean",
                "--sort", "loss.mean").ok().outLines();
        assertEquals(List.of("model.depth     lr  loss.mean", "          2  0.125       0.75", "          2   0.25        1.0"),
                chosen.subList(0, 3), "ties keep the order of variations");
    }

    @Test
    void jsonRowsAndSortingByANumber() {
        List<Map<String, Object>> rows = json(collect("-e", "grid", "--file", "summary.json", "--json", "--sort", "loss", "--reverse").ok().out());
        assertEquals(12, rows.size());
        List<Double> losses = rows.stream().map(row -> (Double) row.get("loss")).toList();
        List<Double> sorted = new ArrayList<>(losses);
        sorted.sort((a, b) -> Double.compare(b, a));
        assertEquals(sorted, losses);
        assertEquals(3.0, losses.get(0));
        assertTrue(Double.isNaN((Double) rows.get(0).get("nan")));
        assertEquals(List.of("variation", "run", "state", "exit_code", "seconds", "lr", "model.depth", "loss", "metrics.acc", "note", "nan"),
                new ArrayList<>(rows.get(0).keySet()));
        List<Map<String, Object>> byVariation = json(collect("-e", "grid", "--json", "--sort", "variation").ok().out());
        assertEquals(List.of("variation", "run", "state", "exit_code", "seconds", "lr", "model.depth"), new ArrayList<>(byVariation.get(0).keySet()));
    }

    @Test
    void withConfigEachRowCarriesItsRunsFolderConfigAndValues() {
        List<Map<String, Object>> rows = json(collect("-e", "grid", "--file", "summary.json", "--json", "--with-config").ok().out());
        Map<String, Object> row = rows.get(5);
        assertEquals(experiment.dir().resolve("0002_lr_0.25__depth_2").resolve("1").toString(), row.get("path"));
        Map<?, ?> config = (Map<?, ?>) row.get("config");
        assertEquals(0.25, config.get("lr"));
        assertEquals(Map.of("depth", 2L, "width", 64L), config.get("model"));
        assertEquals(1L, config.get("run_id"));
        assertEquals(Map.of("acc", 1 - 1.5 / 10), ((Map<?, ?>) row.get("values")).get("metrics"));
    }

    /** Python's collect_results, from the helper the launcher put in the experiment. */
    @Test
    void pythonCollectResults() throws Exception {
        String out = python("import sys\n"
                + "from liftoff import collect_results\n"
                + "results = collect_results(sys.argv[1], 'summary.json')\n"
                + "r = results[3]\n"
                + "print(len(results), r.state, r.exit_code, r.run_id, r.variation)\n"
                + "print(r.config.lr, r.config.model.depth, r.config.out_dir == r.path, r.values['metrics']['acc'], r.row['metrics.acc'])\n"
                + "print(len(collect_results(name='grid')), collect_results(name='grid')[0].values)\n",
                experiment.dir().toString(), experiment.dir().resolve(Layout.PYTHON_LIB).toString(), lab.results.getParent());
        assertEquals(List.of("12 done 0 1 0001_lr_0.5__depth_4", "0.5 4 True 0.7 0.7", "12 None"), out.lines().toList());
    }

    @Test
    void missingAndUnreadableFilesAreCountedAndNamedNeverACrash(@TempDir Path copy) throws IOException {
        Path results = copy.resolve("results");
        Path moved = results.resolve(experiment.folderName());
        TestFiles.copyTree(experiment.dir(), moved);
        Files.delete(moved.resolve("0001_lr_0.5__depth_4/1/summary.json"));
        Files.writeString(moved.resolve("0003_lr_0.25__depth_4/0/summary.json"), "[1, 2]");
        Files.writeString(moved.resolve("0004_lr_0.125__depth_2/0/summary.json"), "{\"loss\": ");
        Cli.Result result = Cli.run("collect", moved.toString(), "--file", "summary.json", "--json").ok();
        List<Map<String, Object>> rows = json(result.out());
        assertEquals(12, rows.size(), "still a row per run");
        assertEquals(List.of("liftoff-collect: 1 of 12 ended runs left no summary.json: 0001_lr_0.5__depth_4/1",
                "liftoff-collect: 2 summary.json files could not be read:",
                "  0003_lr_0.25__depth_4/0: not a JSON object (a list)"), result.err().lines().limit(3).toList());
        assertTrue(result.err().lines().toList().get(3).startsWith("  0004_lr_0.125__depth_2/0: "), result.err());
        Map<String, Object> missing = rows.get(3);
        assertEquals(List.of("0001_lr_0.5__depth_4", 1L, "done", 0.5, 4L), List.of(missing.get("variation"), missing.get("run"),
                missing.get("state"), missing.get("lr"), missing.get("model.depth")));
        assertTrue(missing.containsKey("loss") && missing.get("loss") == null, "an empty cell: " + missing);
    }

    @Test
    void badUsageIsOneLineAndExitTwo() {
        assertTrue(collect("--file", "summary.json").rejected().err().contains("which experiment?"));
        assertTrue(collect("-e", "grid", "--sort", "nothing").rejected().err().contains("--sort nothing: no such column"));
        assertTrue(collect("-e", "grid", "--file", "../summary.json").rejected().err().contains("--file ../summary.json"));
        assertTrue(collect("-e", "grid", "--file", "/etc/passwd.json").rejected().err().contains("--file /etc/passwd.json"));
        assertTrue(collect("-e", "grid", "--file", "summary.txt").rejected().err().contains("unknown kind of file"));
        collect("-e", "grid", "--csv", "--json").rejected();
        collect("-e", "grid", "--with-config").rejected();
        collect("-e", "grid", "--reverse").rejected();
        assertTrue(collect("-e", "grid", "--columns", "run,nothing").rejected().err().contains("--columns nothing: no such column"));
        collect("-e", "nosuchexperiment").rejected();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(String text) {
        try {
            return (List<Map<String, Object>>) Json.readPythonic(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static String python(String program, String argument) throws Exception {
        return python(program, argument, null, null);
    }

    /** Runs a Python program with the helper of {@code pythonPath} importable, from {@code cwd}. */
    private static String python(String program, String argument, String pythonPath, Path cwd) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", program, argument).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        if (pythonPath != null) {
            builder.environment().put("PYTHONPATH", pythonPath);
        }
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
            assertEquals(0, process.exitValue(), output);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
