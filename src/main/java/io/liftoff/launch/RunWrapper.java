package io.liftoff.launch;

import io.liftoff.store.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small bash program between the launcher and a run's script. It outlives the launcher (in its
 * own process session when detached), records {@code .__start} with its pid and start time, runs
 * the script from its argument list, and records {@code .__end} or {@code .__crash} with the exit
 * code, so that a run's end is known even when no launcher watches.
 *
 * <p>The program text is a constant: the run folder and the script's arguments reach it as
 * positional parameters ({@code "$@"}), so no config value, title or path is ever read as shell.
 */
public final class RunWrapper {
    /** Field 22 of /proc/self/stat is the start time; after the command name it is the 20th. */
    static final String PROGRAM = String.join("\n",
            "d=$1",
            "shift",
            // bash's own notes ("line 14: Killed") must not land in the run's err; the script keeps it.
            "exec 3>&2 2>/dev/null",
            "trap : HUP INT TERM",
            "t=",
            "if read -r s < /proc/$$/stat 2>/dev/null; then",
            "  s=${s##*) }",
            "  set -f",
            "  f=($s)",
            "  set +f",
            "  t=${f[19]}",
            "fi",
            "printf '%(%s)T\\n%s\\n%s\\n%s\\n%s\\n' -1 \"$$\" \"$t\" \"$HOSTNAME\" \"${EPOCHREALTIME:-}\" > \"$d/" + Layout.START + "\"",
            "\"$@\" 2>&3 3>&-",
            "c=$?",
            "if [ \"$c\" -eq 0 ]; then m=" + Layout.END + "; else m=" + Layout.CRASH + "; fi",
            "printf '%(%s)T\\n%s\\n%s\\n' -1 \"$c\" \"${EPOCHREALTIME:-}\" > \"$d/$m\"",
            "exit \"$c\"",
            "");

    /** The name bash gives the program in error messages ($0). */
    static final String NAME = "liftoff-run";

    private static final Path SETSID = ScriptCommand.onPath("setsid");
    private static final String BASH = bash();

    private RunWrapper() {
    }

    /** Whether detached runs can get their own process session on this machine. */
    public static boolean canDetach() {
        return SETSID != null;
    }

    /** The full argument list that starts {@code argv} in {@code runDir}, detached or not. */
    public static List<String> command(Path runDir, List<String> argv, boolean detached) {
        List<String> command = new ArrayList<>();
        if (detached && SETSID != null) {
            command.add(SETSID.toString());
            command.add("--wait");
        }
        command.add(BASH);
        command.add("-c");
        command.add(PROGRAM);
        command.add(NAME);
        command.add(runDir.toString());
        command.addAll(argv);
        return command;
    }

    private static String bash() {
        Path bash = ScriptCommand.onPath("bash");
        return bash != null ? bash.toString() : "/bin/bash";
    }
}
