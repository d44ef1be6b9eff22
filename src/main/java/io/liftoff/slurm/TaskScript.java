package io.liftoff.slurm;

import io.liftoff.launch.RunWrapper;

/**
 * The batch program of every array task, {@code .__slurm/<sid>/task}: constant text, everything else
 * arrives as arguments. It asks liftoff (one JVM per task, kept as a coprocess) which run to start, runs it with the same
 * wrapper as local runs, in the batch shell itself and without setsid, so Slurm tracks and signals
 * the whole tree and {@code --signal=B:...} reaches the wrapper, which passes USR1/USR2 on to the
 * script; then it asks again, until its share is done. A TERM from Slurm (cancel, time limit,
 * preemption) ends the task after the run's end is recorded.
 *
 * <p>Arguments: java, liftoff's JAR, the experiment folder, the submission id, the array's offset in
 * the index, the run timeout (empty for none), the grace period, then the script's command.
 */
final class TaskScript {
    static final String TEXT = String.join("\n",
            "#!/usr/bin/env bash",
            "# liftoff's Slurm array task (written by liftoff; see liftoff's README, \"On a Slurm cluster\")",
            RunWrapper.FUNCTION,
            "java=$1 jar=$2 exp=$3 sid=$4 offset=$5 timeout=$6 grace=$7",
            "shift 7",
            "command=(\"$@\")",
            "stdin=/dev/null",
            "jvm=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:-UsePerfData)",
            "export LIFTOFF_SESSION_ID=$sid LIFTOFF_EXPERIMENT_DIR=$exp PYTHONPATH=$exp/.__python${PYTHONPATH:+:$PYTHONPATH}",
            "trap 'signalled=1' TERM",
            "claimed=0 after=- signalled=",
            // One JVM answers all of the task's questions; should it be gone, one is started per question.
            "coproc liftoff_ask { \"$java\" \"${jvm[@]}\" -jar \"$jar\" slurm-task --serve \"$exp\" \"$sid\" \"$offset\"; }",
            "ask_out=${liftoff_ask[0]} ask_in=${liftoff_ask[1]}",
            "ask() {",
            "  local asked",
            // A JVM that has gone must not take the task with it (SIGPIPE): the question then fails.
            "  trap '' PIPE",
            "  { echo \"$claimed $after\" >&\"$ask_in\" && IFS= read -r next <&\"$ask_out\"; } 2>/dev/null; asked=$?",
            "  trap - PIPE",
            "  [ \"$asked\" -eq 0 ] && return",
            "  next=$(\"$java\" \"${jvm[@]}\" -jar \"$jar\" slurm-task \"$exp\" \"$sid\" \"$offset\" \"$claimed\" --after \"$after\")",
            "}",
            "while [ -z \"$signalled\" ]; do",
            "  ask || { echo \"liftoff: cannot ask for a run\" >&2; exit 3; }",
            "  [ -n \"$next\" ] || break",
            "  read -r var run attempt endby kind <<< \"$next\"",
            "  [ \"$kind\" = new ] && claimed=$((claimed + 1))",
            // The run's processes get neither end of the questions' pipe.
            "  liftoff_run \"$claimed\" \"$var\" \"$run\" - \"$endby\" \"$attempt\" {ask_out}<&- {ask_in}>&-",
            "  trap 'signalled=1' TERM",
            "  after=$var/$run",
            "done",
            "");

    private TaskScript() {
    }
}
