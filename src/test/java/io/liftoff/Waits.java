package io.liftoff;

import java.util.function.BooleanSupplier;

/** Waiting from outside for something a launcher does (tests only: the product never polls). */
public final class Waits {
    private Waits() {
    }

    public static void await(BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Whether a process has ended: gone, or a zombie that nobody reaped yet (a container's init may never). */
    public static boolean ended(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
