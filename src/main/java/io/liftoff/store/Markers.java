package io.liftoff.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads and writes marker files: a few short lines, epoch seconds on the first. Reading is forgiving
 * (a missing, empty or garbled marker yields what could be read) because markers are also written
 * by runs that may die half-way.
 */
public final class Markers {
    private Markers() {
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The lines of a marker; empty when it is missing or unreadable. */
    public static List<String> lines(Path marker) {
        // Most markers are missing most of the time: java.io.File asks without the exception Files would throw.
        if (!marker.toFile().exists()) {
            return List.of();
        }
        try {
            return Files.readAllLines(marker, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Line {@code index} parsed as a number, or {@code fallback}. */
    public static long number(List<String> lines, int index, long fallback) {
        if (lines.size() <= index) {
            return fallback;
        }
        try {
            return Long.parseLong(lines.get(index).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public static String text(List<String> lines, int index) {
        return lines.size() > index ? lines.get(index).strip() : "";
    }

    /** Writes a marker: epoch seconds, then the given lines. */
    public static void write(Path marker, String... more) throws IOException {
        StringBuilder text = new StringBuilder().append(now()).append('\n');
        for (String line : more) {
            text.append(line).append('\n');
        }
        Files.writeString(marker, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Creates a marker only if it does not exist yet: the atomic claim. False when it exists. */
    public static boolean createNew(Path marker, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        try {
            Files.writeString(marker, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }
}
