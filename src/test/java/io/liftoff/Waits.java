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
}
