package io.liftoff.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Screenshots of a page with Debian's Chromium, headless, as root too (hence no sandbox). */
final class HeadlessChromium {
    static final String MISSING = "chromium not installed (looked for LIFTOFF_CHROMIUM, chromium or chromium-browser "
            + "on the PATH, /usr/bin/chromium); run .ci/chromium (as root) to install Debian's package";
    private static final long TIMEOUT_SECONDS = 60;

    private HeadlessChromium() {
    }

    /**
     * The browser {@code LIFTOFF_CHROMIUM} names when set (nothing if it is not executable), else
     * {@code chromium} or {@code chromium-browser} on the PATH, else {@code /usr/bin/chromium}.
     */
    static Optional<Path> find() {
        String chosen = System.getenv("LIFTOFF_CHROMIUM");
        if (chosen != null && !chosen.isEmpty()) {
            return Files.isExecutable(Path.of(chosen)) ? Optional.of(Path.of(chosen)) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String folder : path.split(java.io.File.pathSeparator)) {
                if (folder.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        Path debian = Path.of("/usr/bin/chromium");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    /**
     * Takes a {@code width} × {@code height} screenshot of {@code page} into {@code png}, with a
     * fresh profile that is removed afterwards; kills the browser (and its helpers) if it hangs.
     */
    static void screenshot(Path chromium, Path page, Path png, int width, int height)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("liftoff-chromium-");
        Path log = Files.createTempFile("liftoff-chromium-", ".log");
        List<String> command = new ArrayList<>(List.of(chromium.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height, page.toAbsolutePath().toUri().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("chromium took over " + TIMEOUT_SECONDS + " s to screenshot " + page
                        + "; its output:\n" + tail(log));
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(png)) {
                throw new IOException("chromium exited " + process.exitValue() + " without a screenshot of " + page
                        + "; its output:\n" + tail(log));
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            deleteTree(profile);
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static void deleteTree(Path folder) throws IOException {
        // Helpers may still be writing into the profile as they die: retry once.
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
                return;
            } catch (IOException e) {
                if (attempt == 1) {
                    throw e;
                }
            }
        }
    }
}
