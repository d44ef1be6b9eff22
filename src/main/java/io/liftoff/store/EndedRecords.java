package io.liftoff.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * A variation's {@code .__ended}: a copy of the records of its runs that have ended, so that a look
 * at a large experiment reads one file per variation instead of one record per run. It is a cache,
 * never the truth: an entry is used only while its record's length and modification time, and the
 * run's number of archived attempts, are what they were when it was copied, so a record written
 * after the copy (an event appended, a record replaced, an attempt put aside) always wins. It is
 * written whole to a temporary file and renamed into place by whoever looked (several at once just
 * write the same thing), survives kill -9 at any point (the old copy or the new one), and is made
 * again when missing, unreadable or stale.
 *
 * <p>Format: for each run, a line {@code #<run_id> <attempts> <length> <mtime> <chars>}, then the
 * record's text ({@code chars} characters) and a newline.
 */
final class EndedRecords {
    /** One copied record and what it was copied from. */
    record Entry(int attempts, long length, long modified, String text) {
        /** Whether a record with these attributes, and {@code attemptsNow} attempts archived, is still the one copied. */
        boolean matches(BasicFileAttributes now, int attemptsNow) {
            return attempts == attemptsNow && now.size() == length && stamp(now) == modified;
        }

        /**
         * A copy of a record read as {@code text} after its attributes were taken as {@code before}: null
         * when it changed in between (the text is then not what those attributes describe).
         */
        static Entry of(BasicFileAttributes before, int attempts, String text) {
            return text.getBytes(StandardCharsets.UTF_8).length == before.size()
                    ? new Entry(attempts, before.size(), stamp(before), text) : null;
        }
    }

    /** A record's modification time in nanoseconds (as precise as the file system keeps it). */
    private static long stamp(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A record's attributes (one stat), or null when it cannot be looked at. */
    static BasicFileAttributes attributes(Path record) {
        try {
            return Files.readAttributes(record, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Copy a variation's ended records once this many are not copied yet (fewer are cheap to read). */
    static final int WORTH_WRITING = 32;

    private EndedRecords() {
    }

    /** The copies in a variation's folder, by run id; empty when there are none or they cannot be read. */
    static Map<String, Entry> read(Path variation) {
        String text;
        try {
            text = Files.readString(variation.resolve(Layout.ENDED), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        Map<String, Entry> entries = new HashMap<>();
        int at = 0;
        try {
            while (at < text.length()) {
                int lineEnd = text.indexOf('\n', at);
                String[] header = text.substring(at + 1, lineEnd).split(" ");
                int start = lineEnd + 1;
                int end = start + Integer.parseInt(header[4]);
                if (text.charAt(at) != '#' || end >= text.length() || text.charAt(end) != '\n') {
                    return Map.of();
                }
                entries.put(header[0], new Entry(Integer.parseInt(header[1]), Long.parseLong(header[2]), Long.parseLong(header[3]),
                        text.substring(start, end)));
                at = end + 1;
            }
        } catch (RuntimeException e) {
            // a copy cut short or garbled: worth nothing, and made again
            return Map.of();
        }
        return entries;
    }

    /** Replaces a variation's copies; one that cannot be written (a read-only or full disk) costs only speed. */
    static void write(Path variation, Map<String, Entry> entries) {
        StringBuilder out = new StringBuilder();
        entries.forEach((id, entry) -> out.append('#').append(id).append(' ').append(entry.attempts).append(' ')
                .append(entry.length).append(' ').append(entry.modified).append(' ').append(entry.text.length()).append('\n')
                .append(entry.text).append('\n'));
        Path file = variation.resolve(Layout.ENDED);
        Path temporary = file.resolveSibling(Layout.ENDED + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            Files.writeString(temporary, out, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException gone) {
                // nothing more to do: the copy is only a cache
            }
        }
    }
}
