package io.liftoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics line format: what the Python helper and a shell script write is what Java reads. */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void whatPythonsReportWroteIsWhatJavaReads() throws Exception {
        Path file = dir.resolve("0.metrics");
        String helper = Path.of("src/main/resources/io/liftoff/python").toAbsolutePath().toString();
        ProcessBuilder builder = new ProcessBuilder("python3", "-B", "-c", String.join("\n",
                "from liftoff import report",
                "for step in range(3):",
                "    report(step, loss=1.0 / (step + 1), acc=step * 0.25, seen=step * 100)",
                "report(3, loss=float('nan'), big=float('inf'))"))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("PYTHONPATH", helper);
        builder.environment().put("LIFTOFF_METRICS", file.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output);

        Metrics metrics = Metrics.read(file);
        assertEquals(4, metrics.lines().size(), Files.readString(file));
        assertEquals(List.of("loss", "acc", "seen", "big"), metrics.names());
        Metrics.Line first = metrics.lines().get(0);
        assertEquals(0L, first.stepValue());
        assertEquals(Map.of("loss", 1.0, "acc", 0.0, "seen", 0.0), first.values());
        assertTrue(Math.abs(first.time() - System.currentTimeMillis() / 1000.0) < 60, "time is epoch seconds: " + first.time());
        Map<String, Double> latest = new LinkedHashMap<>();
        latest.put("loss", Double.NaN);
        latest.put("acc", 0.5);
        latest.put("seen", 200.0);
        latest.put("big", Double.POSITIVE_INFINITY);
        assertEquals(latest, metrics.latest(), "each metric's last value, NaN and infinity as Python wrote them");
        assertEquals(1.0 / 3, metrics.best("loss", true), "NaN is never best");
        assertEquals(1.0, metrics.best("loss", false));
        assertEquals(3L, metrics.lastLine().stepValue());
    }

    @Test
    void garbageAndALastLineCutShortAreSkipped() {
        Path file = TestFiles.write(dir.resolve("1.metrics"), String.join("\n",
                "{\"step\": 1, \"loss\": 0.5}",
                "not json at all",
                "{\"loss\": 0.1}",
                "[1, 2]",
                "{\"step\": \"two\", \"loss\": 0.2}",
                "{\"step\": 2, \"loss\": 0.4, \"note\": \"text is ignored\", \"list\": [1], \"time\": 1764000000.5}",
                "",
                "{\"step\": 3, \"loss\": 0.3"));
        Metrics metrics = Metrics.read(file);
        assertEquals(2, metrics.lines().size());
        assertEquals(Map.of("loss", 0.4), metrics.lastLine().values());
        assertEquals(1764000000.5, metrics.lastLine().time());
        assertTrue(Double.isNaN(metrics.lines().get(0).time()), "time is optional");
        assertEquals(List.of("loss"), metrics.names());
    }

    @Test
    void aMissingFileHasNoMetrics() {
        assertTrue(Metrics.read(dir.resolve("none")).isEmpty());
        assertTrue(Metrics.readTail(dir.resolve("none")).isEmpty());
        assertNull(Metrics.read(dir.resolve("none")).lastLine());
    }

    @Test
    void theTailOfALongFileGivesTheLatestValues() {
        StringBuilder text = new StringBuilder("{\"step\": 0, \"rare\": 7}\n");
        for (int step = 1; step <= 5000; step++) {
            text.append("{\"step\": ").append(step).append(", \"loss\": ").append(1.0 / step).append("}\n");
        }
        Path file = TestFiles.write(dir.resolve("2.metrics"), text.toString());
        Metrics tail = Metrics.readTail(file);
        assertTrue(tail.lines().size() < 5000, "only the end was read");
        assertEquals(5000L, tail.lastLine().stepValue());
        assertEquals(1.0 / 5000, tail.latest().get("loss"));
        assertEquals(5001, Metrics.read(file).lines().size());
        assertEquals(7.0, Metrics.read(file).latest().get("rare"));
    }

    @Test
    void aRetryArchivesTheAttemptsMetricsSoTheNextAttemptStartsAFreshFile() throws Exception {
        Path variation = dir.resolve("0000_v");
        Files.createDirectories(variation.resolve(Layout.RUNS));
        Run run = new Run(variation, "0000_v", "0");
        Files.createDirectories(run.folder());
        RunRecord.create(run.record(), "session-a", "host", RunRecord.Launch.NONE);
        TestFiles.write(run.metrics(), "{\"step\": 1, \"loss\": 0.9}\n");
        Path attempt = Attempts.retry(run, RunRecord.read(run.record()), "session-b", "host", RunRecord.Launch.NONE);
        assertEquals(dir.resolve("0000_v/.__attempts/0/1"), attempt);
        assertEquals("{\"step\": 1, \"loss\": 0.9}\n", TestFiles.read(attempt.resolve(Layout.METRICS)));
        assertTrue(Metrics.read(run.metrics()).isEmpty(), "the retry reports into a fresh file");
    }
}
