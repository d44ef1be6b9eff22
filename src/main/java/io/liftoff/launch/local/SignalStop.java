package io.liftoff.launch.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How Ctrl-C, SIGTERM or SIGHUP stops a launch: the launch stops launching, a start in progress
 * completes first (the launch holds {@link #lock} while it starts a run), and the JVM does not exit
 * before the launch has said what it did ({@link #summarised}), or the runs' grace period and a little
 * more have passed.
 */
final class SignalStop {
    /** How long a stopped launcher waits for its summary beyond the runs' grace period. */
    private static final long SUMMARY_WAIT_MILLIS = 3000;
    private final ReentrantLock launching = new ReentrantLock();
    private final CountDownLatch summarised = new CountDownLatch(1);
    private volatile boolean stopping;
    private Thread hook;

    /** From now on a signal stops the launch: {@code stop} runs once no start is in progress. */
    void install(Runnable stop, long graceMillis) {
        hook = new Thread(() -> {
            stopping = true;
            launching.lock();
            try {
                stop.run();
            } finally {
                launching.unlock();
            }
            // The launcher's last words (how its runs ended) come from the loop, which sees the ends the abort caused.
            try {
                summarised.await(graceMillis + SUMMARY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "liftoff-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The launch ended by itself: a signal now stops nothing of it. */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and finishes the session itself
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** Stops launching without a signal (the launcher's thread was interrupted). */
    void stop() {
        stopping = true;
    }

    void lock() {
        launching.lock();
    }

    void unlock() {
        launching.unlock();
    }

    /** The launch has said what it did. */
    void summarised() {
        summarised.countDown();
    }
}
