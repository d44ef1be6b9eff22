package io.liftoff.inspect;

import io.liftoff.launch.Exits;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Why runs failed, grouped: by the last meaningful line of their {@code err} with paths, numbers
 * and addresses blurred (an md5 of the whole file differs by every path and timestamp in it), and
 * by kind: timed out, out of memory, past its deadline, killed by a signal, an error exit, or what
 * Slurm says of a task it ended.
 */
public final class CrashGroups {
    private static final int TAIL_BYTES = 16 * 1024;
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    private static final Pattern PATH = Pattern.compile("(?:[A-Za-z]:)?(?:/[^\\s:'\",()\\[\\]]+)+/?");
    private static final Pattern HEX = Pattern.compile("\\b0x[0-9a-fA-F]+\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_])[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    private static final Pattern OUT_OF_MEMORY = Pattern.compile(
            "out of memory|MemoryError|OutOfMemoryError|std::bad_alloc|Cannot allocate memory|CUBLAS_STATUS_ALLOC_FAILED|oom-kill",
            Pattern.CASE_INSENSITIVE);

    /** One kind of failure: how many runs, and one of them to look at. */
    public record Group(String kind, String message, int count, Path exampleErr) {
    }

    private CrashGroups() {
    }

    /** The failed runs (crashed, timed out, lost) of the given experiments, most frequent kind first. */
    public static List<Group> of(List<ExperimentStatus> statuses) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ExperimentStatus status : statuses) {
            for (RunView view : status.runs()) {
                if (!view.state().failed()) {
                    continue;
                }
                Path err = view.run().err();
                String tail = tail(err);
                String message = signature(tail);
                String kind = kind(view, tail);
                groups.merge(kind + "\n" + message, new Group(kind, message, 1, err),
                        (a, b) -> new Group(a.kind(), a.message(), a.count() + 1, a.exampleErr()));
            }
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return sorted;
    }

    static String kind(RunView view, String tail) {
        if (view.state() == RunState.TIMED_OUT) {
            return "timed out (--timeout)";
        }
        if (view.state() == RunState.LOST) {
            return view.reason() != null ? "lost: " + view.reason() : "lost (ended without a recorded exit)";
        }
        int code = view.exitCode() == null ? -1 : view.exitCode();
        if (OUT_OF_MEMORY.matcher(tail).find()) {
            return "out of memory";
        }
        if (view.reason() != null) {
            return view.reason();
        }
        Long endBy = view.launch().endBy();
        long seconds = view.seconds(System.currentTimeMillis());
        if (endBy != null && seconds >= 0 && seconds >= endBy) {
            return "past its deadline (ENDBY " + endBy + "s)";
        }
        if (code == 137) {
            return "out of memory? (killed by SIGKILL)";
        }
        if (Exits.signal(code) > 0) {
            return Exits.describe(code);
        }
        return code < 0 ? "crashed (no exit code)" : "error (exit " + code + ")";
    }

    /** The last meaningful line of an error output, with what differs from run to run blurred. */
    static String signature(String tail) {
        String[] lines = ANSI.matcher(tail).replaceAll("").split("\r?\n|\r");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.matches("[-=~^*_. ]+")) {
                String blurred = NUMBER.matcher(HEX.matcher(PATH.matcher(line).replaceAll("<path>")).replaceAll("<hex>"))
                        .replaceAll("<n>").replaceAll("\\s+", " ");
                return blurred.length() > 160 ? blurred.substring(0, 157) + "..." : blurred;
            }
        }
        return "(no error output)";
    }

    /** The end of a file (at most 16 KiB), or empty. */
    static String tail(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
