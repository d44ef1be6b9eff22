package io.liftoff;

/**
 * The one failure type of liftoff: a one-line message for the user and the exit code the process
 * ends with. Bad usage or bad input is {@link #USAGE} (2); a failure while doing the work is
 * {@link #FAILURE} (1).
 */
public final class LiftoffException extends RuntimeException {
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    private LiftoffException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad usage or bad input: exit code 2. */
    public static LiftoffException usage(String message) {
        return new LiftoffException(USAGE, message, null);
    }

    /** A failure while doing the work (I/O, processes): exit code 1. */
    public static LiftoffException failure(String message, Throwable cause) {
        return new LiftoffException(FAILURE, message, cause);
    }

    public static LiftoffException failure(String message) {
        return failure(message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
