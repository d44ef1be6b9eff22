package io.liftoff;

/**
 * The one failure type of liftoff: a one-line message for the user and the {@link ExitCode} the
 * process ends with. Bad usage or input is {@link ExitCode#USAGE}; a machine that cannot do what
 * was asked (a full disk, a read-only folder, Slurm unreachable) is {@link ExitCode#ENVIRONMENT}.
 * Anything else that escapes a command is a bug, reported as {@link ExitCode#INTERNAL}.
 */
public final class LiftoffException extends RuntimeException {
    private final ExitCode exitCode;

    private LiftoffException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad usage or bad input: exit code 2. */
    public static LiftoffException usage(String message) {
        return new LiftoffException(ExitCode.USAGE, message, null);
    }

    /** The environment failed (I/O, a missing tool, Slurm): exit code 3. */
    public static LiftoffException environment(String message, Throwable cause) {
        return new LiftoffException(ExitCode.ENVIRONMENT, message, cause);
    }

    public static LiftoffException environment(String message) {
        return environment(message, null);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
