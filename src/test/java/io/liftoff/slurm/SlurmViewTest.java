package io.liftoff.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared view of Slurm: its budget, its one refresher, and what it keeps when Slurm fails or lags. */
class SlurmViewTest {
    @TempDir
    Path dir;

    /** A fake Slurm: counts its calls, answers what the test puts in {@code queue} and {@code accounting}. */
    static final class FakeSlurm implements SlurmView.Source {
        final AtomicInteger squeues = new AtomicInteger();
        final AtomicInteger saccts = new AtomicInteger();
        final List<List<String>> asked = new ArrayList<>();
        volatile List<SlurmCli.QueueEntry> queue = List.of(task("42", "0", "RUNNING"), task("42", "1", "PENDING"));
        volatile Map<String, SlurmCli.AccountingEntry> accounting = new LinkedHashMap<>();
        volatile boolean down;
        volatile long delayMillis;

        @Override
        public List<SlurmCli.QueueEntry> queue() throws SlurmCli.Unreachable {
            squeues.incrementAndGet();
            sleep(delayMillis);
            if (down) {
                throw new SlurmCli.Unreachable("squeue failed (exit 1): Unable to contact slurm controller");
            }
            return queue;
        }

        @Override
        public synchronized Map<String, SlurmCli.AccountingEntry> accounting(List<String> jobIds) {
            saccts.incrementAndGet();
            asked.add(jobIds);
            return accounting;
        }
    }

    static SlurmCli.QueueEntry task(String job, String task, String state) {
        return new SlurmCli.QueueEntry(job, task, state, "None", "N/A", "1:00:00");
    }

    private SlurmView view(FakeSlurm slurm, long intervalMillis) {
        return new SlurmView(dir.resolve("host/slurm-view.json"), dir.resolve("host/slurm-view.lock"), intervalMillis, slurm);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void manyLooksWithinTheIntervalMakeOneSqueue() {
        FakeSlurm slurm = new FakeSlurm();
        for (int i = 0; i < 20; i++) {
            // A new view each time: as many commands as looks, sharing the file.
            SlurmView view = view(slurm, 60_000).look(0);
            assertEquals("RUNNING", view.task("42_0").state());
        }
        assertEquals(1, slurm.squeues.get());
        assertEquals(0, slurm.saccts.get(), "nothing left the queue: no sacct");
    }

    @Test
    void aViewOlderThanTheIntervalOrThanASubmissionIsRefreshed() {
        FakeSlurm slurm = new FakeSlurm();
        view(slurm, 200).look(0);
        sleep(250);
        view(slurm, 200).look(0);
        assertEquals(2, slurm.squeues.get());
        SlurmView view = view(slurm, 60_000).look(System.currentTimeMillis() + 1);
        assertEquals(3, slurm.squeues.get(), "a submission made after the view was taken needs a new one");
        view.look(view.taken());
        assertEquals(3, slurm.squeues.get(), "a view taken since is enough");
    }

    @Test
    void aStaleViewIsRefreshedByOneOfManyAtOnceAndTheOthersUseTheLastOne() throws Exception {
        FakeSlurm slurm = new FakeSlurm();
        view(slurm, 300).look(0);
        sleep(350);
        slurm.delayMillis = 1000;
        slurm.queue = List.of(task("42", "0", "RUNNING"));
        int lookers = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<SlurmView> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < lookers; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                seen.add(view(slurm, 300).look(0));
            });
            thread.start();
            threads.add(thread);
        }
        long start = System.currentTimeMillis();
        go.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(2, slurm.squeues.get(), "one refresh for all of them");
        assertEquals(lookers, seen.size());
        assertEquals(1, seen.stream().filter(v -> v.task("42_1") == null).count(), "the refresher sees the new queue");
        assertTrue(System.currentTimeMillis() - start < 1000 + 900, "the others did not wait for it");
    }

    @Test
    void anUnreachableSlurmKeepsTheLastViewAndSaysSo() {
        FakeSlurm slurm = new FakeSlurm();
        long taken = view(slurm, 0).look(0).taken();
        slurm.down = true;
        sleep(5);
        SlurmView view = view(slurm, 0).look(0);
        assertEquals(2, slurm.squeues.get());
        assertNotNull(view.problem());
        assertTrue(view.problem().contains("Unable to contact"), view.problem());
        assertEquals(taken, view.taken(), "the age of the view is the age of its last answer");
        assertEquals("PENDING", view.task("42_1").state(), "the last answer stands");
        slurm.down = false;
        assertEquals(null, view(slurm, 0).look(0).problem());
    }

    @Test
    void aTaskGoneFromTheQueueButNotYetInAccountingIsEndingThenLost() {
        FakeSlurm slurm = new FakeSlurm();
        long interval = 200;
        view(slurm, interval).look(0);
        slurm.queue = List.of();
        sleep(interval + 10);
        SlurmView view = view(slurm, interval).look(0);
        assertEquals(null, view.task("42_0"));
        // sacct trails the queue: it answers nothing at first.
        view.account(List.of("42_0"));
        assertEquals(1, slurm.saccts.get());
        assertEquals(List.of(List.of("42")), slurm.asked, "batched by array job, with every task that left undecided");
        assertFalse(view.ended("42_0"));
        assertFalse(view.over("42_0", 0), "gone from the queue moments ago: ending, not lost");
        slurm.accounting = Map.of("42_0", new SlurmCli.AccountingEntry("42_0", "CANCELLED", "0:15"));
        view.account(List.of("42_0"));
        assertEquals(1, slurm.saccts.get(), "sacct at most once per " + SlurmView.ACCOUNTING_INTERVALS + " intervals");
        sleep(SlurmView.ACCOUNTING_INTERVALS * interval + 10);
        view(slurm, interval).look(0).account(List.of("42_0"));
        assertEquals(2, slurm.saccts.get());
        SlurmView after = view(slurm, interval).last();
        assertTrue(after.ended("42_0"));
        assertTrue(after.over("42_0", 0));
        assertEquals("CANCELLED", after.accounting("42_0").state());
        after.account(List.of("42_0"));
        assertEquals(2, slurm.saccts.get(), "an ended task is never asked about again");
        // Task 1 never reaches accounting: lost once the bound has passed since it left the queue.
        assertFalse(after.ended("42_1"));
        assertFalse(after.over("42_1", 0));
        sleep(SlurmView.ENDING_INTERVALS * interval);
        assertTrue(view(slurm, interval).last().over("42_1", 0));
    }

    @Test
    void runningTasksKnowTheirEndFromTheViewOrTheirLimit() {
        FakeSlurm slurm = new FakeSlurm();
        slurm.queue = List.of(new SlurmCli.QueueEntry("42", "0", "RUNNING", "None", "2026-11-30T20:57:52", "10:00"),
                task("42", "1", "PENDING"));
        SlurmView view = view(slurm, 60_000).look(0);
        long expected = java.time.LocalDateTime.parse("2026-11-30T20:57:52").atZone(java.time.ZoneId.systemDefault()).toEpochSecond();
        assertEquals(expected, view.endTime("42_0", 0));
        assertEquals(1000 + 3600, view.endTime("42_1", 1_000_000), "a task the view saw pending: its limit from its start");
        assertEquals(-1, view.endTime("42_9", 0));
        assertEquals(90 * 60, SlurmTime.limitSeconds("90"));
        assertEquals(30, SlurmTime.limitSeconds("0:30"));
        assertEquals(2 * 86400 + 3600, SlurmTime.limitSeconds("2-01:00:00"));
        assertEquals(-1, SlurmTime.limitSeconds("UNLIMITED"));
        assertEquals(10_000, SlurmTime.intervalMillis(null, SlurmView.DEFAULT_INTERVAL_MILLIS));
        assertEquals(2_500, SlurmTime.intervalMillis("2.5", SlurmView.DEFAULT_INTERVAL_MILLIS));
        assertEquals(10_000, SlurmTime.intervalMillis("soon", SlurmView.DEFAULT_INTERVAL_MILLIS));
    }
}
