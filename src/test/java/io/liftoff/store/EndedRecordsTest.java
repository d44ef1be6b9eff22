package io.liftoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy of ended runs' records is a cache that never disagrees with the records. */
class EndedRecordsTest {
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
            TestFiles.write(record(run), claim(run) + "{\"event\":\"start\",\"time\":100,\"pid\":1,\"ticks\":1,\"host\":\"elsewhere\"}\n"
                    + "{\"event\":\"end\",\"time\":160,\"code\":" + (run % 3) + "}\n");
        }
    }

    private Path record(int run) {
        return variation.resolve(Layout.RUNS).resolve(Integer.toString(run));
    }

    private static String claim(int run) {
        return "{\"event\":\"claim\",\"owner\":\"session-" + run + "\",\"host\":\"elsewhere\",\"time\":99,\"launch\":{\"attempt\":1}}\n";
    }

    private List<RunSnapshot> look() {
        return new VariationFolder(variation, 0).snapshots();
    }

    private static Integer code(RunSnapshot snapshot) {
        return snapshot.exitCode();
    }

    @Test
    void aLookCopiesTheEndedRecordsAndTheNextLookReadsTheSameFromTheCopy() {
        List<RunSnapshot> first = look();
        assertTrue(Files.exists(variation.resolve(Layout.ENDED)), "enough ended runs to copy");
        assertEquals(RUNS, EndedRecords.read(variation).size());
        List<RunSnapshot> second = look();
        for (int run = 0; run < RUNS; run++) {
            assertEquals(code(first.get(run)), code(second.get(run)));
            assertEquals(first.get(run).startMillis(), second.get(run).startMillis());
            assertEquals(first.get(run).record().owner(), second.get(run).record().owner());
        }
    }

    @Test
    void aRecordWrittenAfterTheCopyWins() throws Exception {
        look();
        // An event appended after the end (a timer that fired as the script ended), a record replaced with
        // an attempt put aside, and a record removed by hand.
        Files.writeString(record(1), "{\"event\":\"timeout\",\"time\":161}\n", java.nio.file.StandardOpenOption.APPEND);
        Path archived = variation.resolve(Layout.ATTEMPTS).resolve("2").resolve("1");
        Files.createDirectories(archived);
        Files.move(record(2), archived.resolve(Layout.RECORD));
        TestFiles.write(record(2), claim(2));
        Files.delete(record(3));
        List<RunSnapshot> now = look();
        assertTrue(now.get(1).record().timedOut());
        assertNull(now.get(2).record().end(), "the new attempt's record, not the copy of the old one");
        assertEquals(1, now.get(2).archivedAttempts());
        assertNull(now.get(3).record(), "no record, no run's end");
        assertEquals(0, code(now.get(0)));
    }

    @Test
    void aRecordReplacedWithOneOfTheSameLengthStillWins() throws Exception {
        look();
        String text = Files.readString(record(4));
        Files.writeString(record(4), text.replace("\"code\":1", "\"code\":7"));
        Files.setLastModifiedTime(record(4), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(7, code(look().get(4)));
    }

    @Test
    void aGarbledOrCutCopyIsIgnoredAndMadeAgain() throws Exception {
        look();
        Path copy = variation.resolve(Layout.ENDED);
        String whole = Files.readString(copy);
        for (String bad : List.of(whole.substring(0, whole.length() / 2), "#0 0 x y z\n{}\n", "garbage", "#5 0 1 2 99999\nshort\n")) {
            Files.writeString(copy, bad);
            assertEquals(Map.of(), EndedRecords.read(variation), bad);
            List<RunSnapshot> now = look();
            assertEquals(RUNS, now.stream().filter(s -> s.record() != null && s.record().end() != null).count());
            assertEquals(RUNS, EndedRecords.read(variation).size(), "made again");
        }
    }

    @Test
    void fewEndedRunsAreNotCopiedAndRunningOnesNever() throws Exception {
        Path small = dir.resolve("0001_small");
        Files.createDirectories(small);
        VariationFolder.writeRecord(small, "hash", 3);
        TestFiles.write(small.resolve(Layout.RUNS).resolve("0"), claim(0));
        new VariationFolder(small, 1).snapshots();
        assertFalse(Files.exists(small.resolve(Layout.ENDED)));
        TestFiles.write(record(7), claim(7));
        look();
        assertFalse(EndedRecords.read(variation).containsKey("7"), "a run without an end is read every time");
    }
}
