package io.liftoff.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the README's picture: the report of the example grid, and its screenshot. After
 * {@code mvn test-compile}: {@code java -cp target/classes:target/test-classes
 * io.liftoff.report.ExampleReport docs/report-example.png [height] [example|every|large|cpu]}.
 */
final class ExampleReport {
    private ExampleReport() {
    }

    public static void main(String[] args) throws Exception {
        Path png = Path.of(args.length > 0 ? args[0] : "docs/report-example.png");
        Path folder = Files.createTempDirectory("liftoff-report-example-");
        Timeline timeline = switch (args.length > 2 ? args[2] : "example") {
            case "every" -> Timelines.everyOutcome();
            case "large" -> Timelines.large(10_000);
            case "cpu" -> Timelines.cpu(64);
            default -> Timelines.exampleGrid();
        };
        Path page = HtmlReport.write(timeline, folder.resolve(HtmlReport.FILE_NAME));
        Path chromium = HeadlessChromium.find().orElseThrow(() -> new IllegalStateException(HeadlessChromium.MISSING));
        HeadlessChromium.screenshot(chromium, page, png, Chart.WIDTH + 2 * Chart.PAGE_X,
                args.length > 1 ? Integer.parseInt(args[1]) : 760);
        System.out.println(page + "\n" + png);
    }
}
