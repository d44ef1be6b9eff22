package io.liftoff.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.process.LiveProcesses;
import io.liftoff.report.Lanes.Bar;
import io.liftoff.report.Lanes.Lane;
import io.liftoff.store.Experiment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser draws it: a screenshot by headless Chromium, checked against the chart's
 * geometry. Every bar must show its outcome's colour where the layout put it, and the bars must
 * form exactly one band per lane: for a made-up timeline with every outcome, and for the report of
 * an experiment the launcher really ran.
 */
@Tag("chromium")
class ChromiumReportTest {
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;
    /** Per channel: Chromium may dither or blend a little. */
    private static final int TOLERANCE = 6;

    @Test
    void lanesAndBarsAreDrawnWhereTheLayoutPutsThem(@TempDir Path folder) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.err.println("SKIPPED " + getClass().getSimpleName() + ": " + HeadlessChromium.MISSING);
        }
        Assumptions.assumeTrue(chromium.isPresent(), HeadlessChromium.MISSING);
        Timeline timeline = Timelines.everyOutcome();
        Path page = HtmlReport.write(timeline, folder.resolve(HtmlReport.FILE_NAME));
        Path png = folder.resolve("report.png");

        HeadlessChromium.screenshot(chromium.get(), page, png, WIDTH, HEIGHT);
        keepForPeople(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        Chart chart = new Chart(Lanes.of(timeline));
        List<Lane> lanes = chart.laneList();
        assertEquals(4, lanes.size(), "one lane per GPU: one run at a time on each");

        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
        for (int i = 0; i < lanes.size(); i++) {
            int y = Chart.PAGE_Y + chart.laneTop(i) + chart.barHeight() / 2;
            for (Bar bar : lanes.get(i).bars()) {
                Outcome outcome = Outcome.of(bar.run().state());
                int from = (int) Math.ceil(Chart.PAGE_X + chart.x(bar.startMillis())) + 2;
                int to = (int) Math.floor(Chart.PAGE_X + chart.x(bar.endMillis())) - 3;
                int matching = 0;
                for (int x = from; x < to; x++) {
                    if (near(image.getRGB(x, y), outcome.rgb())) {
                        matching++;
                    }
                }
                // Stripes cover 2 pixels in 7 of the patterned fills.
                assertTrue(matching >= (to - from) / 2, bar.run().name() + " (" + outcome.label() + ") on "
                        + lanes.get(i).label() + ": " + matching + " of " + (to - from) + " pixels at y=" + y);
                seen.add(outcome);
            }
        }
        assertEquals(EnumSet.range(Outcome.DONE, Outcome.LOST), seen, "every outcome drawn");

        int top = Chart.PAGE_Y + Chart.LANES_TOP;
        int bottom = Chart.PAGE_Y + chart.lanesBottom();
        assertEquals(4, bandsOfBarColour(image, top, bottom), "bars form one band per lane, apart from each other");
    }

    @Test
    void learningCurvesAreDrawnWithTheBestRunHighlighted(@TempDir Path folder) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.err.println("SKIPPED " + getClass().getSimpleName() + ": " + HeadlessChromium.MISSING);
        }
        Assumptions.assumeTrue(chromium.isPresent(), HeadlessChromium.MISSING);
        Timeline timeline = Timelines.withCurves();
        Path page = HtmlReport.write(timeline, folder.resolve(HtmlReport.FILE_NAME));
        Path png = folder.resolve("curves.png");
        HeadlessChromium.screenshot(chromium.get(), page, png, WIDTH, 1600);
        BufferedImage image = ImageIO.read(png.toFile());
        // Below the timeline: the best line of each chart, in a colour nothing else on the page has.
        int timelineBottom = Chart.PAGE_Y + new Chart(Lanes.of(timeline)).lanesBottom();
        int best = 0;
        int lowest = Integer.MAX_VALUE;
        int highest = 0;
        for (int y = timelineBottom; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (near(image.getRGB(x, y), CurvesSvg.BEST_RGB)) {
                    best++;
                    lowest = Math.min(lowest, x);
                    highest = Math.max(highest, x);
                }
            }
        }
        int plot = Chart.PLOT_RIGHT - Chart.PLOT_LEFT;
        assertTrue(best > plot, "the best lines are drawn, " + best + " pixels of their colour");
        assertTrue(lowest <= Chart.PAGE_X + Chart.PLOT_LEFT + 4 && highest >= Chart.PAGE_X + Chart.PLOT_RIGHT - 4,
                "a best line spans the plot from its first step to its last: x " + lowest + " to " + highest);
    }

    @Test
    void aLaunchedExperimentOnFourGpusIsOneBarPerRun(@TempDir Path folder) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.err.println("SKIPPED " + getClass().getSimpleName() + ": " + HeadlessChromium.MISSING);
        }
        Assumptions.assumeTrue(chromium.isPresent(), HeadlessChromium.MISSING);
        Lab lab = new Lab(folder);
        try {
            lab.liftoff("--runs-no", "8", "--gpus", "0,1,2,3", "--per-gpu", "1", "--args", "sleep=0.4").ok();
            Experiment experiment = lab.only();
            Path page = Path.of(Cli.run("report", "--results-path", lab.results.toString(), "-e", "default").ok().out().strip());
            // The same timeline the command drew (every run has ended, so the time it was read does not matter).
            Timeline timeline = ExperimentTimeline.read(experiment, new ExperimentTimeline.Slots(Timelines.gpus(4, 1), 0),
                    new LiveProcesses(), System.currentTimeMillis(), ZoneId.systemDefault());
            Path png = folder.resolve("launched.png");
            HeadlessChromium.screenshot(chromium.get(), page, png, WIDTH, HEIGHT);
            BufferedImage image = ImageIO.read(png.toFile());

            Chart chart = new Chart(Lanes.of(timeline));
            List<Lane> lanes = chart.laneList();
            assertEquals(List.of("GPU 0 · slot 1", "GPU 1 · slot 1", "GPU 2 · slot 1", "GPU 3 · slot 1"),
                    lanes.stream().map(Lane::label).toList());
            assertEquals(8, lanes.stream().mapToInt(lane -> lane.bars().size()).sum(), "one bar per run");
            for (int i = 0; i < lanes.size(); i++) {
                int y = Chart.PAGE_Y + chart.laneTop(i) + chart.barHeight() / 2;
                for (Bar bar : lanes.get(i).bars()) {
                    assertEquals(Outcome.DONE, Outcome.of(bar.run().state()), bar.run().name());
                    int from = (int) Math.ceil(Chart.PAGE_X + chart.x(bar.startMillis())) + 2;
                    int to = (int) Math.floor(Chart.PAGE_X + chart.x(bar.endMillis())) - 3;
                    int matching = 0;
                    for (int x = from; x < to; x++) {
                        matching += near(image.getRGB(x, y), Outcome.DONE.rgb()) ? 1 : 0;
                    }
                    assertEquals(to - from, matching, bar.run().name() + " on " + lanes.get(i).label() + " at y=" + y);
                }
                assertEquals(lanes.get(i).bars().size(), segments(image, y, Outcome.DONE.rgb()),
                        lanes.get(i).label() + ": as many green segments as runs, apart from each other");
            }
            assertEquals(4, bandsOfBarColour(image, Chart.PAGE_Y + Chart.LANES_TOP, Chart.PAGE_Y + chart.lanesBottom()),
                    "one band per GPU");
        } finally {
            lab.killLeftovers();
        }
    }

    /** Runs of consecutive pixels of one colour along a row of the plot. */
    private static int segments(BufferedImage image, int y, int rgb) {
        int segments = 0;
        boolean inside = false;
        for (int x = Chart.PAGE_X + Chart.PLOT_LEFT; x < Chart.PAGE_X + Chart.PLOT_RIGHT; x++) {
            boolean coloured = near(image.getRGB(x, y), rgb);
            if (coloured && !inside) {
                segments++;
            }
            inside = coloured;
        }
        return segments;
    }

    /** Runs of consecutive rows, in the plot, that hold any outcome's colour. */
    private static int bandsOfBarColour(BufferedImage image, int top, int bottom) {
        int bands = 0;
        boolean inBand = false;
        for (int y = top; y <= bottom; y++) {
            boolean coloured = false;
            for (int x = Chart.PAGE_X + Chart.PLOT_LEFT; x < Chart.PAGE_X + Chart.PLOT_RIGHT && !coloured; x++) {
                int rgb = image.getRGB(x, y);
                for (Outcome outcome : Outcome.values()) {
                    if (near(rgb, outcome.rgb())) {
                        coloured = true;
                        break;
                    }
                }
            }
            if (coloured && !inBand) {
                bands++;
            }
            inBand = coloured;
        }
        return bands;
    }

    private static boolean near(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((argb >> shift & 0xff) - (rgb >> shift & 0xff)) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** The screenshot stays in target/ so that a person can look at what was checked. */
    private static void keepForPeople(Path png) throws java.io.IOException {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.copy(png, target.resolve("report-chromium-test.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
