package io.liftoff.launch.local;

import io.liftoff.launch.RunQueue;
import io.liftoff.store.Run;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.Watch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs one session may still start, in the order it starts them: found by a look at the
 * experiment ({@link RunQueue}), and looked for again when they run out, once per run that ended
 * meanwhile (runs added, cleaned or abandoned by another launcher). A retry goes first.
 */
final class PendingRuns {
    private static final Logger LOG = LoggerFactory.getLogger(PendingRuns.class);
    private final RunQueue runQueue;
    private final Supplier<Watch> watches;
    private final Supplier<Set<Run>> mine;
    private final IntConsumer looked;
    private Deque<RunQueue.Candidate> queue = new ArrayDeque<>();
    private boolean endedSinceLook = true;
    private boolean waitedForClaims;

    /**
     * {@code mine}: the runs this session runs or gave up on, which it never claims again; {@code looked}
     * hears how many runs a look again found.
     */
    PendingRuns(RunQueue runQueue, Supplier<Watch> watches, Supplier<Set<Run>> mine, IntConsumer looked) {
        this.runQueue = runQueue;
        this.watches = watches;
        this.mine = mine;
        this.looked = looked;
    }

    /** Looks at the experiment: the runs this session may claim now. */
    void look() {
        Set<Run> skip = mine.get();
        queue = new ArrayDeque<>(runQueue.scan(watches.get(), skip::contains));
    }

    /**
     * Looks at the experiment again if a run ended since the last look; whether it found runs to start.
     * With nothing {@code running}, it waits once for claims that ended sessions may still take up.
     */
    boolean lookAgain(boolean running) {
        if (!endedSinceLook) {
            return false;
        }
        endedSinceLook = false;
        look();
        if (queue.isEmpty() && !running && runQueue.claimsInGrace() > 0 && !waitedForClaims) {
            // A launcher that died a moment ago may have left a claim its run never took up: once
            // that can no longer start, it is this session's to run. Wait for that moment, once.
            waitedForClaims = true;
            LOG.debug("waiting {}s for {} claims of ended sessions", RunSnapshot.LAUNCH_GRACE_SECONDS + 1,
                    runQueue.claimsInGrace());
            try {
                Thread.sleep((RunSnapshot.LAUNCH_GRACE_SECONDS + 1) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            look();
        }
        LOG.debug("looked again: {} runnable runs", queue.size());
        looked.accept(queue.size());
        return !queue.isEmpty();
    }

    /** A run of this session ended: the next {@link #lookAgain} looks. */
    void ended() {
        endedSinceLook = true;
    }

    RunQueue.Candidate poll() {
        return queue.poll();
    }

    /** A failed run to start again at once, before any other. */
    void retryFirst(RunQueue.Candidate retry) {
        queue.addFirst(retry);
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
