package io.liftoff.store;

import io.liftoff.process.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
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

    /**
     * The summaries in a variation's folder of its {@code runsNo} runs, indexed by run id (null for a
     * run without one); all null when there are none or they cannot be read.
     */
    static Entry[] read(Path variation, int runsNo) {
        Entry[] none = new Entry[runsNo];
        byte[] text;
        try {
            text = Files.readAllBytes(variation.resolve(Layout.SUMMARY));
        } catch (IOException | RuntimeException e) {
            return none;
        }
        byte[] format = (FORMAT + "\n").getBytes(StandardCharsets.ISO_8859_1);
        if (!Arrays.equals(text, 0, Math.min(text.length, format.length), format, 0, format.length)) {
            return none;
        }
        Entry[] entries = new Entry[runsNo];
        try {
            int at = format.length;
            while (at < text.length) {
                // A line cut short (no newline) or garbled makes the whole summary worth nothing: it is made again.
                at = readLine(text, at, entries);
            }
        } catch (RuntimeException e) {
            return none;
        }
        return entries;
    }

    /**
     * Reads the line at {@code at} into {@code entries} and returns where the next begins: one call a
     * line (a loop the JVM would interpret for thousands of lines before compiling it), over bytes.
     */
    private static int readLine(byte[] text, int at, Entry[] entries) {
        int[] starts = new int[FIELDS + 1];
        starts[0] = at;
        int fields = 1;
        int i = at;
        for (; i < text.length && text[i] != '\n'; i++) {
            if (text[i] == ' ') {
                if (fields == FIELDS) {
                    throw new IllegalArgumentException("too many fields");
                }
                starts[fields++] = i + 1;
            }
        }
        if (i == text.length || fields != FIELDS) {
            throw new IllegalArgumentException("a line cut short or garbled");
        }
        starts[FIELDS] = i + 1;
        String code = field(text, starts, 7);
        long id = number(text, starts, 0);
        if (id >= entries.length) {
            return i + 1; // a run the variation no longer counts
        }
        entries[(int) id] = new Entry((int) number(text, starts, 1), number(text, starts, 2), number(text, starts, 3),
                RunState.valueOf(field(text, starts, 4)), number(text, starts, 5), number(text, starts, 6),
                code.equals(NONE) ? null : (int) number(text, starts, 7), (int) number(text, starts, 8), field(text, starts, 9));
        return i + 1;
    }

    private static String field(byte[] text, int[] starts, int index) {
        return new String(text, starts[index], starts[index + 1] - 1 - starts[index], StandardCharsets.ISO_8859_1);
    }

    /** A field of digits (a minus first for a negative one); anything else is garbled. */
    private static long number(byte[] text, int[] starts, int index) {
        int from = starts[index];
        int to = starts[index + 1] - 1;
        boolean negative = from < to && text[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 19) {
            throw new IllegalArgumentException("not a number");
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("not a number");
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Replaces a variation's summary; one that cannot be written (a read-only or full disk) costs only speed. */
    static void write(Path variation, Entry[] entries) {
        StringBuilder out = new StringBuilder(FORMAT).append('\n');
        for (int id = 0; id < entries.length; id++) {
            Entry e = entries[id];
            if (e == null) {
                continue;
            }
            out.append(id).append(' ').append(e.attempts).append(' ').append(e.length).append(' ')
                .append(e.modified).append(' ').append(e.state.name()).append(' ').append(e.startMillis).append(' ')
                .append(e.endMillis).append(' ').append(e.code == null ? NONE : e.code.toString()).append(' ').append(e.retry)
                .append(' ').append(e.wrapperHost).append('\n');
        }
        Path file = variation.resolve(Layout.SUMMARY);
        Path temporary = file.resolveSibling(TEMPORARY_PREFIX + ProcessHandle.current().pid() + "-"
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

    /** A summary being written: {@code .__summary.tmp-<pid>-<thread>}; one left by a killed writer is removed by the next launch (RunFolders). */
    static final String TEMPORARY_PREFIX = Layout.SUMMARY + ".tmp-";

    /** Earlier versions' cache of ended records' text, replaced by the summary. */
    private static final String LEGACY_COPY = ".__ended";
}
