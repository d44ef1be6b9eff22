package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.launch.PythonLib;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What comes after a launch, as a user types it: liftoff-collect, liftoff-report and the Python helper
 * outside runs, through bin/ and the shaded JAR, on the tutorial's grid and script.
 */
class ResultsIT {
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

    @Test
    void theTutorialGridCollectedReportedAndReadFromPython() throws Exception {
        Files.copy(Bin.HOME.resolve("examples/smart_example.py"), dir.resolve("smart_example.py"));
        Bin.run(dir, "liftoff-prepare", "test_experiment").expect(0);
        Bin.run(dir, "liftoff", "smart_example.py", "-e", "test_experiment", "--runs-no", "2", "--gpus", "0,1,2,3",
                "--per-gpu", "2").expect(0);
        Experiment experiment = lab.only();

        Bin.Result table = Bin.run(dir, "liftoff-collect", "-e", "test_experiment", "--file", "summary.json").expect(0);
        assertEquals("", table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(19, lines.size(), table.out());
        assertTrue(lines.get(0).matches("variation +run +state +exit_code +seconds +x +yz\\.y +total +noisy"), lines.get(0));
        assertTrue(lines.get(1).matches("0000_x_1__y_10 +0 +done +0 +[0-9.]+ +1 +10 +15 +[-0-9.]+"), lines.get(1));

        List<String> grouped = Bin.run(dir, "liftoff-collect", "-e", "test_experiment", "--file", "summary.json", "--group",
                "--csv", "--sort", "total.mean", "--reverse").expect(0).out().lines().toList();
        assertEquals(10, grouped.size());
        assertTrue(grouped.get(0).startsWith("variation,x,yz.y,runs,done,seconds.count,seconds.mean,"), grouped.get(0));
        assertTrue(grouped.get(1).startsWith("0008_x_3__y_30,3,30,2,2,2,"), grouped.get(1));
        assertTrue(grouped.get(1).contains(",2,37.0,0.0,37,37,"), "total: count, mean, std, min, max: " + grouped.get(1));

        Bin.Result report = Bin.run(dir, "liftoff-report", "-e", "test_experiment").expect(0);
        Path page = experiment.dir().resolve("report.html");
        assertEquals(dir.relativize(page).toString(), report.out().strip());
        String html = Files.readString(page);
        assertEquals(18, html.split("<rect class=\"b done\"", -1).length - 1, "a bar per run");

        Path command = experiment.dir().resolve(Layout.PYTHON_LIB).resolve("liftoff").resolve(PythonLib.COMMAND_FILE);
        assertTrue(Files.readString(command).contains(Bin.HOME.resolve("target/liftoff.jar").toString()),
                "the launcher's helper runs the JAR that launched: " + Files.readString(command));

        String folder = Bin.run(dir, "liftoff-pythonpath").expect(0).out().strip();
        assertTrue(Files.readString(Path.of(folder, "liftoff", PythonLib.COMMAND_FILE)).contains("liftoff.jar"));
        String printed = python(folder, "from liftoff import parse_opts, collect_results\n"
                + "opts = parse_opts(['-c', 'diff'])\n"
                + "results = collect_results(name='test_experiment', file='summary.json')\n"
                + "print(opts.x, opts.yz.z, len(results), results[0].config.yz.y, results[0].values['total'], results[17].state)\n");
        assertEquals("10 40 18 10 15 done\n", printed);
    }

    /** python3 -c PROGRAM from the experiment's project folder, with only the helper's folder on PYTHONPATH and no liftoff on the PATH. */
    private String python(String pythonPath, String program) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", program).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("PYTHONPATH", pythonPath);
        String path = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(folder -> !Files.exists(Path.of(folder, "liftoff"))).collect(java.util.stream.Collectors.joining(File.pathSeparator));
        builder.environment().put("PATH", path);
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
