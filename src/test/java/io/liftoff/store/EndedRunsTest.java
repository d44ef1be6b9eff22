package io.liftoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.process.LiveProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary of ended runs is a cache that never disagrees with the records. */
class EndedRunsTest {
    private static final int RUNS = 50;

    @TempDir
    Path dir;

    Path variation;

    @BeforeEach
    void setUp() throws Exception {
        variation = dir.resolve("0000_default");
        Files.createDirectories(variation);
        VariationFolder.writeRecord(variation, "hash", RUNS);
        for (int run = 0; run < RUNS; run++) {
            TestFiles.write(record(run), claim(run) + start() + end(run % 3));
        }
    }

    private Path record(int run) {
        return variation.resolve(Layout.RUNS).resolve(Integer.toString(run));
    }

    private static String claim(int run) {
        return "{\"event\":\"claim\",\"owner\":\"session-" + run + "\",\"host\":\"elsewhere\",\"time\":99,\"launch\":{\"attempt\":1}}\n";
    }

    private static String start() {
        return "{\"event\":\"start\",\"time\":100,\"pid\":1,\"ticks\":1,\"host\":\"elsewhere\"}\n";
    }

    private static String end(int code) {
        return "{\"event\":\"end\",\"time\":160,\"code\":" + code + "}\n";
    }

    private List<RunSnapshot> look() {
        return new VariationFolder(variation, 0).snapshots();
    }

    private long summarised() {
        return java.util.Arrays.stream(EndedRuns.read(variation, RUNS)).filter(java.util.Objects::nonNull).count();
    }

    private Watch watch() {
        return new Watch(Sessions.read(dir, new String[0]), new LiveProcesses());
    }

    /** What each run shows, from the records alone (no summary). */
    private List<String> truth() {
        Watch watch = watch();
        List<String> shown = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            RunSnapshot snapshot = RunSnapshot.of(new VariationFolder(variation, 0).run(run));
            shown.add(shown(snapshot, watch));
        }
        return shown;
    }

    private static String shown(RunSnapshot s, Watch watch) {
        return s.state(watch) + " " + s.startMillis() + " " + s.endMillis() + " " + s.exitCode() + " " + s.retries() + " "
                + s.archivedAttempts() + " " + s.hasLocalWrapper();
    }

    private List<String> shown(List<RunSnapshot> snapshots) {
        Watch watch = watch();
        return snapshots.stream().map(s -> shown(s, watch)).toList();
    }

    @Test
    void aLookSummarisesTheEndedRunsAndTheNextLookShowsTheSameFromTheSummary() {
        List<RunSnapshot> first = look();
        assertTrue(Files.exists(variation.resolve(Layout.SUMMARY)), "enough ended runs to summarise");
        assertEquals(RUNS, summarised());
        List<RunSnapshot> second = look();
        assertEquals(truth(), shown(first));
        assertEquals(truth(), shown(second));
        assertEquals(RunState.CRASHED, second.get(1).state(watch()));
        assertEquals(first.get(7).record().owner(), second.get(7).record().owner(), "the record itself when asked for");
    }

    @Test
    void aRecordWrittenAfterTheSummaryWins() throws Exception {
        look();
        // An event appended after the end (a timer that fired as the script ended), a record replaced with
        // an attempt put aside, and a record removed by hand.
        Files.writeString(record(1), "{\"event\":\"timeout\",\"time\":161}\n", StandardOpenOption.APPEND);
        Path archived = variation.resolve(Layout.ATTEMPTS).resolve("2").resolve("1");
        Files.createDirectories(archived);
        Files.move(record(2), archived.resolve(Layout.RECORD));
        TestFiles.write(record(2), claim(2));
        Files.delete(record(3));
        List<RunSnapshot> now = look();
        assertEquals(RunState.TIMED_OUT, now.get(1).state(watch()));
        assertNull(now.get(2).record().end(), "the new attempt's record, not the summary of the old one");
        assertEquals(1, now.get(2).archivedAttempts());
        assertNull(now.get(3).record(), "no record, no run's end");
        assertEquals(RunState.PENDING, now.get(3).state(watch()));
        assertEquals(truth(), shown(now));
        assertEquals(truth(), shown(look()), "and so does the summary made again");
    }

    @Test
    void aSnapshotWhoseRecordIsWrittenAfterTheLookShowsTheRecordOnceItIsRead() throws Exception {
        look();
        RunSnapshot crashed = look().get(1);
        assertEquals(RunState.CRASHED, crashed.state(watch()), "from the summary");
        // Another launcher retried the run since the look: a new claim, no end yet.
        TestFiles.write(record(1), claim(1).replace("\"attempt\":1", "\"attempt\":2,\"retry\":1"));
        assertNull(crashed.record().end(), "the record as it is now");
        assertEquals(1, crashed.retries());
        assertFalse(crashed.state(watch()).ended(), "and the state that goes with it, not the summary's");
    }

    @Test
    void aRecordReplacedWithOneOfTheSameLengthStillWins() throws Exception {
        look();
        String text = Files.readString(record(4));
        Files.writeString(record(4), text.replace("\"code\":1", "\"code\":7"));
        Files.setLastModifiedTime(record(4), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(7, look().get(4).exitCode());
    }

    @Test
    void aMissingGarbledCutOrOlderSummaryIsIgnoredAndMadeAgain() throws Exception {
        look();
        Path summary = variation.resolve(Layout.SUMMARY);
        String whole = Files.readString(summary);
        String anEntry = whole.split("\n")[1];
        // Cut inside a line (a summary cut at a line's end is a smaller summary, and as true).
        for (String bad : List.of(whole.substring(0, whole.indexOf('\n', whole.length() / 2) - 3), whole.substring(0, whole.length() - 1),
                "garbage",
                EndedRuns.FORMAT + "\n" + anEntry.replaceFirst(" [A-Z_]+ ", " NOT_A_STATE ") + "\n",
                EndedRuns.FORMAT + "\n" + anEntry + " extra\n", "#5 0 210 1 210\n{}\n", "")) {
            Files.writeString(summary, bad);
            assertEquals(0, summarised(), bad);
            assertEquals(truth(), shown(look()), bad);
            assertEquals(RUNS, summarised(), "made again");
        }
        Files.delete(summary);
        assertEquals(truth(), shown(look()));
        assertEquals(RUNS, summarised(), "made again when missing");
    }

    @Test
    void aSummaryLyingAboutARunIsNotBelievedOnceItsRecordChanged() throws Exception {
        look();
        Path summary = variation.resolve(Layout.SUMMARY);
        // A summary that says run 0 crashed, while its record (as summarised) says done: the same attributes, so it is believed...
        Files.writeString(summary, Files.readString(summary).replaceFirst("(?m)^0 (\\S+ \\S+ \\S+) DONE (\\S+ \\S+) 0 ", "0 $1 CRASHED $2 9 "));
        assertEquals(RunState.CRASHED, look().get(0).state(watch()), "the summary is what is read while its record is unchanged");
        // ...until anything is written to the record.
        Files.writeString(record(0), "\n", StandardOpenOption.APPEND);
        assertEquals(RunState.DONE, look().get(0).state(watch()));
    }

    @Test
    void aTemporaryFileLeftByAKilledWriterIsNeverRead() throws Exception {
        look();
        Path summary = variation.resolve(Layout.SUMMARY);
        String whole = Files.readString(summary);
        // kill -9 during a write leaves a partial temporary file; the rename never happened.
        Files.writeString(variation.resolve(Layout.SUMMARY + ".tmp-999999-1"), whole.substring(0, whole.length() / 3));
        assertEquals(whole, Files.readString(summary));
        assertEquals(truth(), shown(look()));
        // And one killed before its first summary: only the partial temporary file exists.
        Files.delete(summary);
        assertEquals(truth(), shown(look()));
        assertEquals(RUNS, summarised());
    }

    @Test
    void anEarlierVersionsCopyOfRecordsIsReplaced() throws Exception {
        Files.writeString(variation.resolve(".__ended"), "#0 0 210 1 210\n{}\n");
        assertEquals(truth(), shown(look()));
        assertTrue(Files.exists(variation.resolve(Layout.SUMMARY)));
        assertFalse(Files.exists(variation.resolve(".__ended")));
    }

    @Test
    void lookersAndWritersAtOnceNeverDisagreeWithTheRecords() throws Exception {
        // Half the runs are still running; they end, and some ended ones get an event appended, while four lookers look.
        for (int run = 0; run < RUNS; run += 2) {
            TestFiles.write(record(run), claim(run) + start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> lookers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                lookers.add(pool.submit(() -> {
                    for (int n = 0; n < 40; n++) {
                        look();
                    }
                    return null;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int run = 0; run < RUNS; run += 2) {
                    Files.writeString(record(run), end(5), StandardOpenOption.APPEND);
                    Files.writeString(record(run + 1), "{\"event\":\"timeout\",\"time\":161}\n", StandardOpenOption.APPEND);
                    Thread.sleep(1);
                }
                return null;
            });
            writer.get();
            for (Future<?> looker : lookers) {
                looker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(truth(), shown(look()));
        assertEquals(truth(), shown(look()), "from the summary");
        assertEquals(RunState.CRASHED, look().get(0).state(watch()));
        assertEquals(RunState.TIMED_OUT, look().get(1).state(watch()));
    }

    @Test
    void fewEndedRunsAreNotSummarisedAndRunningOnesNever() throws Exception {
        Path small = dir.resolve("0001_small");
        Files.createDirectories(small);
        VariationFolder.writeRecord(small, "hash", 3);
        TestFiles.write(small.resolve(Layout.RUNS).resolve("0"), claim(0));
        new VariationFolder(small, 1).snapshots();
        assertFalse(Files.exists(small.resolve(Layout.SUMMARY)));
        TestFiles.write(record(7), claim(7));
        look();
        assertNull(EndedRuns.read(variation, RUNS)[7], "a run without an end is read every time");
    }
}
