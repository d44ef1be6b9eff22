package io.liftoff.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Screenshots a report for the README: a page liftoff-report wrote ({@code report.html} of a real
 * run, as docs/REPORT.md describes), or one of the test timelines. After {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes io.liftoff.report.ExampleReport
 * docs/report-example.png [height] [PAGE.html|example|every|large|cpu]}.
 */
final class ExampleReport {
    private ExampleReport() {
    }

    public static void main(String[] args) throws Exception {
        Path png = Path.of(args.length > 0 ? args[0] : "docs/report-example.png");
        String what = args.length > 2 ? args[2] : "example";
        Path page;
        if (what.endsWith(".html")) {
            page = Path.of(what);
        } else {
            Timeline timeline = switch (what) {
                case "every" -> Timelines.everyOutcome();
                case "large" -> Timelines.large(10_000);
                case "cpu" -> Timelines.cpu(64);
                default -> Timelines.exampleGrid();
            };
            page = HtmlReport.write(timeline, Files.createTempDirectory("liftoff-report-example-").resolve(HtmlReport.FILE_NAME));
        }
        Path chromium = HeadlessChromium.find().orElseThrow(() -> new IllegalStateException(HeadlessChromium.MISSING));
        HeadlessChromium.screenshot(chromium, page, png, Chart.WIDTH + 2 * Chart.PAGE_X,
                args.length > 1 ? Integer.parseInt(args[1]) : 760);
        System.out.println(page + "\n" + png);
    }
}
