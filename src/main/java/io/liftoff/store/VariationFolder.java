package io.liftoff.store;

import io.liftoff.config.YamlFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Looks at every run of the variation: one listing of its records, the copy of its ended runs'
     * records ({@link EndedRecords}, checked against each record's attributes), a read of each other
     * record that exists, and a listing per run that has earlier attempts. Unclaimed runs cost nothing
     * more. Records that ended since the copy was made are copied too, once there are enough of them.
     */
    public List<RunSnapshot> snapshots() {
        String[] names = path.resolve(Layout.RUNS).toFile().list();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        java.util.Set<String> held = new java.util.HashSet<>();
        for (String name : names == null ? new String[0] : names) {
            if (Layout.isRunId(name)) {
                recorded.add(name);
            } else if (name.endsWith(Layout.HOLD_SUFFIX)) {
                held.add(name.substring(0, name.length() - Layout.HOLD_SUFFIX.length()));
            }
        }
        String[] retried = path.resolve(Layout.ATTEMPTS).toFile().list();
        java.util.Set<String> withAttempts = retried == null ? java.util.Set.of() : java.util.Set.of(retried);
        Map<String, EndedRecords.Entry> copied = recorded.isEmpty() ? Map.of() : EndedRecords.read(path);
        Map<String, EndedRecords.Entry> ended = new java.util.HashMap<>();
        int fresh = 0;
        List<RunSnapshot> snapshots = new ArrayList<>();
        for (Run run : runs()) {
            int attempts = 0;
            if (withAttempts.contains(run.id())) {
                String[] list = run.attempts().toFile().list();
                attempts = list == null ? 0 : list.length;
            }
            RunRecord record = null;
            if (recorded.contains(run.id())) {
                EndedRecords.Entry entry = copied.get(run.id());
                java.nio.file.attribute.BasicFileAttributes before = EndedRecords.attributes(run.record());
                if (entry != null && before != null && entry.matches(before, attempts)) {
                    ended.put(run.id(), entry);
                    snapshots.add(RunSnapshot.ended(run, entry.text(), held.contains(run.id()), attempts));
                    continue;
                } else {
                    String text = RunRecord.text(run.record());
                    record = text == null ? null : RunRecord.parse(text);
                    EndedRecords.Entry copy = record != null && record.end() != null && before != null
                            ? EndedRecords.Entry.of(before, attempts, text) : null;
                    if (copy != null) {
                        ended.put(run.id(), copy);
                        fresh++;
                    }
                }
            }
            snapshots.add(new RunSnapshot(run, record, held.contains(run.id()), attempts));
        }
        if (fresh >= EndedRecords.WORTH_WRITING || fresh > 0 && ended.size() < copied.size()) {
            EndedRecords.write(path, ended);
        }
        return snapshots;
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
