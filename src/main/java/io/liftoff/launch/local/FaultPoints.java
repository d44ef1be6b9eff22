package io.liftoff.launch.local;

/**
 * Named points in the launcher where the fault-injection tests stop it, to kill it there: with
 * {@code LIFTOFF_FAULT_PAUSE=after-claim} the launcher announces the point on stderr and waits.
 * The points: {@code before-first-claim}, {@code before-claim} (a run was chosen, not claimed yet),
 * {@code after-claim} (a run is claimed, not yet handed to the supervisor), {@code waiting-for-last}
 * (everything started, waiting for runs to end).
 * Unset (always, outside those tests) it costs a string comparison.
 */
final class FaultPoints {
    private static final String PAUSE = System.getenv("LIFTOFF_FAULT_PAUSE");

    private FaultPoints() {
    }

    static void reached(String point) {
        if (PAUSE != null && PAUSE.equals(point)) {
            System.err.println("liftoff: fault point " + point + " reached");
            System.err.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
