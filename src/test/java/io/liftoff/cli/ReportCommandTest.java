package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.report.ExperimentTimeline;
import io.liftoff.report.HtmlReport;
import io.liftoff.report.Timeline;
import io.liftoff.store.Experiment;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liftoff-report on experiments the launcher really ran (the fixture script, fake GPUs). */
class ReportCommandTest {
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

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void aGridOnFourGpusIsOneBarPerRunOnItsGpusLanes() throws Exception {
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "test_experiment").ok();
        lab.liftoff("-e", "test_experiment", "--runs-no", "2", "--gpus", "0,1,2,3", "--per-gpu", "2", "--args", "sleep=0.1").ok();
        Experiment experiment = lab.only();
        Cli.Result result = lab.command("report", "-e", "test_experiment").ok();
        Path file = experiment.dir().resolve(HtmlReport.FILE_NAME);
        assertEquals(file.toString(), result.out().strip());
        String html = Files.readString(file);
        assertEquals(18, occurrences(html, "<rect class=\"b done\""), "9 variations x 2 runs, all done");
        assertEquals(18, occurrences(html, "<title>0"));
        for (int gpu = 0; gpu < 4; gpu++) {
            assertTrue(html.contains(">GPU " + gpu + " · slot 1</text>") && html.contains(">GPU " + gpu + " · slot 2</text>"),
                    "two slots a GPU: --per-gpu 2");
        }
        assertTrue(html.contains("<title>0004_x_2__y_20/1 — x=2; y=20\ndone · exit 0 · "), "the variation's title in the hover");
        assertTrue(html.contains("<h1>" + experiment.folderName() + "</h1>"));
        assertTrue(html.contains("No run crashed."));
        assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://"));
    }

    @Test
    void aRetriedRunShowsEachAttemptAsABarAndItsCrashGroup() throws Exception {
        lab.liftoff("--runs-no", "2", "--procs-no", "2", "--retries", "1", "--args", "plan=crash,ok").expect(1);
        Path out = dir.resolve("elsewhere.html");
        Cli.Result result = lab.command("report", lab.only().dir().toString(), "-o", out.toString()).ok();
        assertEquals(out.toString(), result.out().strip());
        String html = Files.readString(out);
        assertEquals(3, occurrences(html, "<rect class=\"b "), "run 0 twice (crashed, then its retry crashed), run 1 once");
        assertEquals(2, occurrences(html, "<rect class=\"b crashed\""));
        Matcher retry = Pattern.compile("<title>0000_default/0 — default\ncrashed · exit 3 · [^\n]* · attempt 2\n").matcher(html);
        assertTrue(retry.find(), "the retry says which attempt it is");
        assertTrue(html.contains("<code>config lacks key &#39;optimizer&#39; (run &lt;n&gt;)</code>"), "the crash group of the failed run");
        assertFalse(Files.exists(lab.only().dir().resolve(HtmlReport.FILE_NAME)), "-o writes only there");
    }

    @Test
    void theTimelineComesFromTheStore() {
        lab.liftoff("--runs-no", "3", "--procs-no", "3", "--args", "sleep=0.2").ok();
        Experiment experiment = lab.only();
        Timeline timeline = ExperimentTimeline.read(experiment, ReportCommand.launchSlots(experiment.meta().commandLine()),
                new io.liftoff.process.LiveProcesses(), System.currentTimeMillis(), java.time.ZoneId.of("UTC"));
        assertEquals(3, timeline.cpuSlots(), "--procs-no 3 from the recorded command line");
        assertEquals(List.of(), timeline.gpus());
        assertEquals(3, timeline.summary().count(RunState.DONE));
        assertEquals(1.0, timeline.summary().progress());
        for (Timeline.Run run : timeline.runs()) {
            assertEquals(RunState.DONE, run.state());
            assertTrue(run.endMillis() - run.startMillis() >= 200, run.toString());
            assertEquals(0, run.exitCode());
            assertEquals("default", run.title());
        }
    }

    @Test
    void slotsFromTheLaunchCommandLine() {
        ExperimentTimeline.Slots gpus = ReportCommand.launchSlots(List.of("liftoff", "x.py", "--gpus", "0", "2", "3", "--per-gpu", "2,1,1"));
        assertEquals(List.of(new Timeline.Gpu(0, 2), new Timeline.Gpu(2, 1), new Timeline.Gpu(3, 1)), gpus.gpus());
        assertEquals(List.of(new Timeline.Gpu(0, 1), new Timeline.Gpu(1, 1)),
                ReportCommand.launchSlots(List.of("liftoff", "x.py", "--gpus", "0-1")).gpus());
        assertEquals(new ExperimentTimeline.Slots(List.of(), 1), ReportCommand.launchSlots(List.of("liftoff", "x.py")));
        assertEquals(ExperimentTimeline.Slots.UNKNOWN, ReportCommand.launchSlots(List.of("liftoff", "x.py", "--gpus", "auto")));
        assertEquals(ExperimentTimeline.Slots.UNKNOWN, ReportCommand.launchSlots(List.of("liftoff", "--no-such-option")));
        assertEquals(ExperimentTimeline.Slots.UNKNOWN, ReportCommand.launchSlots(List.of()));
    }

    @Test
    void badUsageWritesNothing() {
        lab.liftoff().ok();
        List<String> before = TestFiles.tree(lab.results);
        assertTrue(lab.command("report").rejected().err().contains("which experiment?"));
        assertTrue(lab.command("report", "-e", "default", "-o", dir.resolve("no/such/folder.html").toString()).rejected().err()
                .contains("no folder"));
        assertTrue(lab.command("report", "-e", "default", "-o", dir.toString()).rejected().err().contains("a folder"));
        lab.command("report", "-e", "nothing-like-it").rejected();
        assertEquals(before, TestFiles.tree(lab.results));
    }

    @Test
    void theMetricsRunsReportedAreDrawnAsLearningCurves() throws Exception {
        // Any language appends a line per step to the file named by $LIFTOFF_METRICS.
        java.nio.file.Path script = io.liftoff.TestFiles.write(dir.resolve("curve.sh"), "#!/bin/sh\n"
                + "for s in 1 2 3; do echo \"{\\\"step\\\": $s, \\\"loss\\\": $((10 - s))}\" >> \"$LIFTOFF_METRICS\"; done\n");
        script.toFile().setExecutable(true);
        Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString(),
                "--runs-no", "2", "--procs-no", "2").ok();
        String page = Cli.run("report", "--results-path", lab.results.toString(), "-e", "default").ok().out().strip();
        String html = java.nio.file.Files.readString(java.nio.file.Path.of(page));
        assertTrue(html.contains("loss (lower is better)"), html);
        assertEquals(2, html.split("<polyline class=\"cv", -1).length - 1, "one line per run");
    }
}
