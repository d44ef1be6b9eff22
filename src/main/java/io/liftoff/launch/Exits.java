package io.liftoff.launch;

/** Exit codes in words: {@code exit 3}, or {@code killed by SIGKILL} for 128 + 9. */
public final class Exits {
    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    private Exits() {
    }

    /** The signal behind an exit code above 128 (as bash reports one), or 0. */
    public static int signal(int exitCode) {
        return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
    }

    public static String describe(int exitCode) {
        int signal = signal(exitCode);
        if (signal == 0) {
            return "exit " + exitCode;
        }
        String name = signal < SIGNALS.length ? SIGNALS[signal] : "signal " + signal;
        return "killed by " + name + " (exit " + exitCode + ")";
    }
}
