package io.liftoff;

/**
 * How every liftoff command ends (DESIGN §2): 0 to 4, or 128+N when a signal ended it. When several apply, the highest wins: a launcher whose
 * runs failed and that also could not write to a full disk ends with {@link #ENVIRONMENT}.
 */
public enum ExitCode {
    OK(0, "success"),
    RUNS_FAILED(1, "some runs failed (crashed, timed out or lost)"),
    USAGE(2, "bad usage or bad input (one line on stderr names the file, key or option)"),
    ENVIRONMENT(3, "the environment failed: disk or inodes full, a folder not writable, Slurm unreachable"),
    INTERNAL(4, "an internal error: a bug in liftoff (--verbose shows the stack trace)"),
    /**
     * Ended by signal N, as shells report it: 130 for Ctrl-C, 143 for TERM. The JVM exits so on a
     * signal by itself; a launcher that liftoff-abort stopped before abort's TERM reached it ends
     * with 143 too.
     */
    TERMINATED(128 + 15, "ended by signal N: 130 Ctrl-C, 143 TERM (what liftoff-abort sends a launcher)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** How --help and the README name it: {@code 2}, or {@code 128+N} for a signal. */
    public String key() {
        return this == TERMINATED ? "128+N" : Integer.toString(code);
    }

    /** The more serious of two outcomes. */
    public ExitCode and(ExitCode other) {
        return other.code > code ? other : this;
    }
}
