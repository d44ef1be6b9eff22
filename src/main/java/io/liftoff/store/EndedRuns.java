package io.liftoff.store;

import io.liftoff.process.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A variation's {@code .__summary}: what a look shows of each of its ended runs (state, start, end,
 * exit code, retry, the wrapper's host), so that a look at a large experiment reads one small file
 * per variation and one {@code stat} per run, and parses no record. It is a cache, never the truth:
 * an entry is used only while its record's length and nanosecond modification time, and the run's
 * number of archived attempts, are what they were when it was written, so a record written after it
 * (an event appended, a record replaced, an attempt put aside) always wins and is read instead. It
 * is written whole to a temporary file and renamed into place by whoever looked (several at once
 * write the same thing, and the last rename wins), survives kill -9 at any point (the old summary or
 * the new one; a temporary file left behind is never read), and is made again when missing,
 * unreadable, in another format or stale.
 *
 * <p>Format: a first line {@link #FORMAT}, then for each run a line {@code <run_id> <attempts>
 * <length> <mtime_ns> <state> <start_ms> <end_ms> <code|-> <retry> <wrapper_host|-|?>}.
 */
final class EndedRuns {
    static final String FORMAT = "liftoff-ended-runs 1";
    /** Stands for "none" in a field (no exit code, no wrapper). */
    private static final String NONE = "-";
    /** A wrapper's host that cannot be written as one field: the record is read to know it. */
    private static final String UNKNOWN = "?";
    private static final int FIELDS = 10;

    /** Summarise a variation's ended runs once this many are not summarised yet (fewer are cheap to read). */
    static final int WORTH_WRITING = 32;

    /** What a look shows of one ended run, and the attributes of the record it was taken from. */
    record Entry(int attempts, long length, long modified, RunState state, long startMillis, long endMillis, Integer code, int retry,
            String wrapperHost) {
        /** Whether a record with these attributes, and {@code attemptsNow} attempts archived, is still the one summarised. */
        boolean matches(BasicFileAttributes now, int attemptsNow) {
            return attempts == attemptsNow && now.size() == length && stamp(now) == modified;
        }

        /** Whether the run's wrapper ran on this host; null when only the record can tell. */
        Boolean localWrapper() {
            return wrapperHost.equals(UNKNOWN) ? null : !wrapperHost.equals(NONE) && wrapperHost.equals(Host.name());
        }

        /**
         * The summary of an ended record read as {@code text} (and parsed as {@code record}) after its
         * attributes were taken as {@code before}: null when it changed in between (the text is then
         * not what those attributes describe).
         */
        static Entry of(BasicFileAttributes before, int attempts, String text, RunRecord record) {
            if (text.getBytes(StandardCharsets.UTF_8).length != before.size()) {
                return null;
            }
            RunSnapshot shown = new RunSnapshot(null, record, false, attempts);
            io.liftoff.process.ProcessIdentity wrapper = record.wrapper();
            String host = wrapper == null ? NONE : plain(wrapper.host()) ? wrapper.host() : UNKNOWN;
            return new Entry(attempts, before.size(), stamp(before), record.endedState(), shown.startMillis(), shown.endMillis(),
                    shown.exitCode(), record.launch().retry(), host);
        }

        private static boolean plain(String host) {
            if (host == null || host.isEmpty() || host.equals(NONE) || host.equals(UNKNOWN)) {
                return false;
            }
            for (int i = 0; i < host.length(); i++) {
                if (host.charAt(i) <= ' ' || host.charAt(i) >= 127) {
                    return false;
                }
            }
            return true;
        }
    }

    private EndedRuns() {
    }

    /** A record's modification time in nanoseconds (as precise as the file system keeps it). */
    private static long stamp(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /** A record's attributes (one stat), or null when it cannot be looked at. */
    static BasicFileAttributes attributes(Path record) {
        try {
            return Files.readAttributes(record, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The summaries in a variation's folder, by run id; empty when there are none or they cannot be read. */
    static Map<String, Entry> read(Path variation) {
        String text;
        try {
            text = Files.readString(variation.resolve(Layout.SUMMARY), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        Map<String, Entry> entries = new HashMap<>();
        try {
            int at = text.indexOf('\n');
            if (at < 0 || !text.substring(0, at).equals(FORMAT)) {
                return Map.of();
            }
            at++;
            while (at < text.length()) {
                int lineEnd = text.indexOf('\n', at);
                // A line cut short (no newline) or garbled makes the whole summary worth nothing: it is made again.
                String[] f = text.substring(at, lineEnd).split(" ");
                if (f.length != FIELDS) {
                    return Map.of();
                }
                entries.put(f[0], new Entry(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), RunState.valueOf(f[4]),
                        Long.parseLong(f[5]), Long.parseLong(f[6]), f[7].equals(NONE) ? null : Integer.valueOf(f[7]),
                        Integer.parseInt(f[8]), f[9]));
                at = lineEnd + 1;
            }
        } catch (RuntimeException e) {
            return Map.of();
        }
        return entries;
    }

    /** Replaces a variation's summary; one that cannot be written (a read-only or full disk) costs only speed. */
    static void write(Path variation, Map<String, Entry> entries) {
        StringBuilder out = new StringBuilder(FORMAT).append('\n');
        entries.forEach((id, e) -> out.append(id).append(' ').append(e.attempts).append(' ').append(e.length).append(' ')
                .append(e.modified).append(' ').append(e.state.name()).append(' ').append(e.startMillis).append(' ')
                .append(e.endMillis).append(' ').append(e.code == null ? NONE : e.code.toString()).append(' ').append(e.retry)
                .append(' ').append(e.wrapperHost).append('\n'));
        Path file = variation.resolve(Layout.SUMMARY);
        Path temporary = file.resolveSibling(Layout.SUMMARY + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            Files.writeString(temporary, out, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // The copy of whole records that earlier versions kept: this summary replaces it.
            Files.deleteIfExists(variation.resolve(LEGACY_COPY));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException gone) {
                // nothing more to do: the summary is only a cache
            }
        }
    }

    /** Earlier versions' cache of ended records' text, replaced by the summary. */
    private static final String LEGACY_COPY = ".__ended";
}
