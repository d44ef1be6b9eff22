package io.liftoff;

/**
 * How every liftoff command ends (SPEC §1). When several apply, the highest wins: a launcher whose
 * runs failed and that also could not write to a full disk ends with {@link #ENVIRONMENT}.
 */
public enum ExitCode {
    OK(0, "success"),
    RUNS_FAILED(1, "some runs failed (crashed, timed out or lost)"),
    USAGE(2, "bad usage or bad input (one line on stderr names the file, key or option)"),
    ENVIRONMENT(3, "the environment failed: disk or inodes full, a folder not writable, Slurm unreachable"),
    INTERNAL(4, "an internal error: a bug in liftoff (--verbose shows the stack trace)");

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

    /** The more serious of two outcomes. */
    public ExitCode and(ExitCode other) {
        return other.code > code ? other : this;
    }

    /** The list --help shows: {@code "0:success"}, ... in picocli's key:value form. */
    public static String[] helpList() {
        ExitCode[] codes = values();
        String[] list = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            list[i] = codes[i].code + ":" + codes[i].meaning;
        }
        return list;
    }
}
