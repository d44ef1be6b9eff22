package io.liftoff.store;

import io.liftoff.config.YamlFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A variation's folder {@code NNNN_title}: its config, its record {@code .__variation} (the hash
 * that identifies it and how many runs it has), one folder per run, and the runs' records.
 */
public final class VariationFolder {
    private final Path path;
    private final long index;
    private Map<String, Object> record;

    public VariationFolder(Path path, long index) {
        this.path = path;
        this.index = index;
    }

    public Path path() {
        return path;
    }

    public long index() {
        return index;
    }

    public String name() {
        return path.getFileName().toString();
    }

    private Map<String, Object> record() {
        if (record == null) {
            Map<String, Object> read = Json.readObject(path.resolve(Layout.VARIATION));
            record = read == null ? Map.of() : read;
        }
        return record;
    }

    /** The hash that identifies the variation's config; empty when its record is missing. */
    public String hash() {
        Object hash = record().get("hash");
        return hash == null ? "" : hash.toString();
    }

    /** How many runs the variation has (run ids 0 .. runsNo-1). */
    public int runsNo() {
        Object runs = record().get("runs");
        return runs instanceof Number ? ((Number) runs).intValue() : 0;
    }

    /** Writes the record; readers see the old one or the new one. */
    public static void writeRecord(Path folder, String hash, int runsNo) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("hash", hash);
        record.put("runs", runsNo);
        Json.writeAtomically(folder.resolve(Layout.VARIATION), record);
    }

    public Map<String, Object> config() {
        return YamlFiles.loadMapping(path.resolve(Layout.CFG));
    }

    public Run run(int id) {
        return new Run(path, name(), Integer.toString(id));
    }

    /** The runs, in run-id order. */
    public List<Run> runs() {
        int count = runsNo();
        List<Run> runs = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            runs.add(run(id));
        }
        return runs;
    }

    /**
     * Looks at every run of the variation: one listing of its records, the summary of its ended runs
     * ({@link EndedRuns}, checked against each record's attributes: one {@code stat} per run), a read
     * of each other record that exists, and a listing per run that has earlier attempts. Unclaimed runs
     * cost nothing more. Runs that ended since the summary was written are added to it, once there are
     * enough of them. Runs are looked at on every core.
     */
    public List<RunSnapshot> snapshots() {
        int count = runsNo();
        Path records = path.resolve(Layout.RUNS);
        // What each run has, by run id: arrays, since a large variation is looked at run by run many times.
        boolean[] recorded = new boolean[count];
        boolean[] held = new boolean[count];
        boolean[] retried = new boolean[count];
        boolean anyRecord = false;
        for (String name : list(records)) {
            boolean hold = name.endsWith(Layout.HOLD_SUFFIX);
            int id = runId(hold ? name.substring(0, name.length() - Layout.HOLD_SUFFIX.length()) : name, count);
            if (id >= 0) {
                (hold ? held : recorded)[id] = true;
                anyRecord |= !hold;
            }
        }
        for (String name : list(path.resolve(Layout.ATTEMPTS))) {
            int id = runId(name, count);
            if (id >= 0) {
                retried[id] = true;
            }
        }
        EndedRuns.Entry[] summarised = anyRecord ? EndedRuns.read(path, count) : new EndedRuns.Entry[count];
        String name = name();
        RunSnapshot[] snapshots = new RunSnapshot[count];
        EndedRuns.Entry[] ended = new EndedRuns.Entry[count];
        boolean[] fresh = new boolean[count];
        IntStream.range(0, count).parallel().forEach(id -> {
            Run run = new Run(path, name, Integer.toString(id));
            int attempts = 0;
            if (retried[id]) {
                String[] list = run.attempts().toFile().list();
                attempts = list == null ? 0 : list.length;
            }
            RunRecord record = null;
            if (recorded[id]) {
                EndedRuns.Entry entry = summarised[id];
                BasicFileAttributes before = EndedRuns.attributes(records.resolve(run.id()));
                if (entry != null && before != null && entry.matches(before, attempts)) {
                    ended[id] = entry;
                    snapshots[id] = RunSnapshot.ended(run, entry, held[id], attempts);
                    return;
                }
                String text = RunRecord.text(run.record());
                record = text == null ? null : RunRecord.parse(text);
                if (record != null && record.end() != null && before != null) {
                    ended[id] = EndedRuns.Entry.of(before, attempts, text, record);
                    fresh[id] = ended[id] != null;
                    if (fresh[id]) {
                        // Its summary, not the parsed record, is kept: a launcher holds a look at every run of a large experiment.
                        snapshots[id] = RunSnapshot.ended(run, ended[id], held[id], attempts);
                        return;
                    }
                }
            }
            snapshots[id] = new RunSnapshot(run, record, held[id], attempts);
        });
        int added = 0;
        int kept = 0;
        int before = 0;
        for (int id = 0; id < count; id++) {
            added += fresh[id] ? 1 : 0;
            kept += ended[id] != null ? 1 : 0;
            before += summarised[id] != null ? 1 : 0;
        }
        if (added >= EndedRuns.WORTH_WRITING || added > 0 && kept < before) {
            EndedRuns.write(path, ended);
        }
        return Arrays.asList(snapshots);
    }

    private static String[] list(Path folder) {
        String[] names = folder.toFile().list();
        return names == null ? new String[0] : names;
    }

    /** The run id a name stands for when it is one of the variation's {@code count} runs, else -1. */
    private static int runId(String name, int count) {
        if (!Layout.isRunId(name)) {
            return -1;
        }
        int id = Integer.parseInt(name);
        return id < count ? id : -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VariationFolder && ((VariationFolder) other).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
