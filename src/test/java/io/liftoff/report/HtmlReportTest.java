package io.liftoff.report;

import static io.liftoff.report.Timelines.MINUTE;
import static io.liftoff.report.Timelines.T0;
import static io.liftoff.report.Timelines.ended;
import static io.liftoff.report.Timelines.gpus;
import static io.liftoff.report.Timelines.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.report.Timeline.CrashGroup;
import io.liftoff.report.Timeline.Run;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final String NASTY = "lr=<1e-3> & name=\"it's\" </title><script>alert(1)</script>";

    private static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    @Test
    void everyStartedRunIsOneBarWithItsHoverText() {
        String html = HtmlReport.render(Timelines.everyOutcome());

        assertEquals(12, occurrences(html, "<rect class=\"b "), "12 runs started, 2 never did");
        assertEquals(12, occurrences(html, "<title>0"));
        assertTrue(html.contains("<title>0001_b/0 — x=b\ncrashed · exit 1 · 6m 00s\n09:20:00 → 09:26:00</title>"),
                "title, exit code, duration, times");
        assertTrue(html.contains("<title>0005_f/0 — x=f\nrunning · 23m 00s so far\n09:52:00 → now</title>"));
        assertTrue(html.contains("<title>0008_i/0 — x=i\nlost · 14m 00s\n09:44:00 → 09:58:00</title>"));
        assertTrue(html.contains("still running"));
        assertTrue(html.contains("class=\"now\""), "a line marks the report's time");
        assertTrue(html.contains(">GPU 3 · slot 1</text>"));
        assertTrue(html.contains("ValueError: bad value &lt;n&gt; for lr"), "crash groups below");
        assertTrue(html.contains("<code>0010_k/0/err</code>"), "example paths inside the experiment are short");
    }

    @Test
    void theFileNeedsNothingFromOutside() {
        String html = HtmlReport.render(Timelines.everyOutcome());

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        for (String outside : List.of("<script", "http:", "https:", "//", "src=", "href=", "<link", "@import",
                "@font-face", "<iframe", "<img")) {
            assertFalse(html.toLowerCase().contains(outside), outside);
        }
        Matcher urls = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (urls.find()) {
            assertTrue(urls.group(1).startsWith("#"), "only references inside the page: " + urls.group());
        }
    }

    @Test
    void everyTextIsEscaped() {
        Run nasty = new Run("0000_<b>/0", NASTY, RunState.CRASHED, 0, T0, T0 + MINUTE, 1, 2);
        Timeline timeline = new Timeline("exp <&> \"q\"", Path.of("/r/a&b"), T0 + 2 * MINUTE, Timelines.UTC,
                Timelines.summaryOf(List.of(nasty), 120, -1), gpus(1, 1), 0, List.of(nasty),
                List.of(new CrashGroup("kind <x>", "Error: <tensor> & \"shape\"\u0007", 1, Path.of("/elsewhere/<err>"))));

        String html = HtmlReport.render(timeline);

        assertFalse(html.contains(NASTY));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<b>/0"));
        assertFalse(html.contains("<tensor>"));
        assertFalse(html.contains("\u0007"));
        assertTrue(html.contains("<title>0000_&lt;b&gt;/0 — lr=&lt;1e-3&gt; &amp; name=&quot;it&#39;s&quot; "
                + "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\ncrashed · exit 1 · 1m 00s · attempt 2\n"));
        assertTrue(html.contains("<h1>exp &lt;&amp;&gt; &quot;q&quot;</h1>"));
        assertTrue(html.contains("<code>/elsewhere/&lt;err&gt;</code>"));
    }

    @Test
    void aTimelineWithoutStartsSaysSo() {
        Timeline timeline = Timelines.of(T0, List.of(), 4, List.of(pending("a"), pending("b")), List.of());

        String html = HtmlReport.render(timeline);

        assertTrue(html.contains("no run has started yet"));
        assertEquals(4, occurrences(html, "<rect class=\"band\""), "the 4 CPU slots, idle");
        assertTrue(html.contains("No run crashed."));
        assertFalse(html.contains("class=\"now\""));
    }

    @Test
    void manyLanesAreThinAndLabelledPerGroup() {
        List<Run> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            runs.add(ended("r" + i, RunState.DONE, null, 0, 10, 0));
        }
        String html = HtmlReport.render(Timelines.of(T0 + 10 * MINUTE, List.of(), 64, runs, List.of()));

        assertTrue(html.contains(">CPU · 64 slots</text>"));
        assertFalse(html.contains("CPU · slot 1<"));
    }

    @Test
    void tenThousandRunsMakeAFileOfAtMostFiveMegabytes() {
        Timeline timeline = Timelines.large(10_000);

        long start = System.nanoTime();
        String html = HtmlReport.render(timeline);
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        HtmlReport.render(timeline);
        long againMillis = (System.nanoTime() - start) / 1_000_000;

        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("report of 10,000 runs: %,d bytes, rendered in %d ms (cold) and %d ms (warm)%n",
                bytes, firstMillis, againMillis);
        assertTrue(bytes <= 5 * 1024 * 1024, bytes + " bytes");
        assertEquals(10_000, occurrences(html, "<rect class=\"b "));
    }

    @Test
    void longTitlesAreCutInTheHoverText() {
        List<Run> runs = new java.util.ArrayList<>();
        String title = "model.layers=[64, 64, 64]; ".repeat(40);
        for (int i = 0; i < 10_000; i++) {
            runs.add(new Run("0000_" + "long_".repeat(40) + i + "/0", title, RunState.DONE, i % 4, T0 + i * 1000L,
                    T0 + i * 1000L + 999, 0, 1));
        }

        String html = HtmlReport.render(Timelines.of(T0 + 10_001_000L, gpus(4, 1), 0, runs, List.of()));

        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 5 * 1024 * 1024, bytes + " bytes");
        assertTrue(html.contains(title.substring(0, 239) + "…\n"));
    }

    @Test
    void writeReplacesTheReportWholeAndLeavesNoTemporaryFile(@TempDir Path folder) throws IOException {
        Timeline timeline = new Timeline("exp", folder, T0, Timelines.UTC, Timelines.summaryOf(List.of(), 0, 0),
                List.of(), 1, List.of(), List.of());
        Path file = HtmlReport.defaultFile(timeline);
        Files.writeString(file, "old");

        Path written = HtmlReport.write(timeline, file);

        assertEquals(folder.resolve("report.html"), written);
        assertEquals(HtmlReport.render(timeline), Files.readString(file));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList());
        }
        Path plain = Files.createFile(folder.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
                "the report is as readable as any file the user makes");
    }

    @Test
    void learningCurvesAreOneLinePerRunWithPrunedFadedAndTheBestHighlighted() {
        String html = HtmlReport.render(Timelines.withCurves());
        assertEquals(1, occurrences(html, "<section class=\"metrics\">"));
        assertTrue(html.contains("loss (lower is better)") && html.contains("acc (higher is better)"), "one chart per metric");
        assertEquals(5, occurrences(html, "<polyline class=\"cv"), "a line per run and metric");
        assertEquals(1, occurrences(html, "<polyline class=\"cv pr\""), "the pruned run, faded");
        assertEquals(2, occurrences(html, " best\" points="), "the best run of each metric");
        int best = html.indexOf("<polyline class=\"cv best\"");
        assertTrue(html.indexOf("0002_c/0 · done · last 0.2000", best) > best, "the best loss is run c's, drawn last of its chart");
        assertTrue(best > html.indexOf("0003_d/0"), "over the other lines");
        assertFalse(HtmlReport.render(Timelines.everyOutcome()).contains("class=\"metrics\""), "no section without metrics");
    }
}
