package io.liftoff.launch;

import io.liftoff.store.Layout;

/**
 * The bash program that starts runs and records their ends. The local backend starts it once per
 * session as a supervisor in its own process session (so a closed terminal or Ctrl-C never reaches
 * runs); the launcher hands it runs one line at a time and it forks one wrapper for each. A Slurm
 * array task runs one wrapper directly. The wrapper:
 *
 * <ul>
 * <li>opens the run's {@code out} and {@code err} and keeps them open while the script runs, so that
 *     what a script prints after wiping its own folder is written back there when it ends;
 * <li>appends {@code start} (its pid and process start time) to the run's record, starts the script as
 *     the leader of a process group of its own with the run's environment (SIGINT and SIGQUIT at their
 *     defaults), appends {@code script} (the script's pid), waits, and appends {@code end} with the
 *     exit code, so a run's end is recorded whether or not a launcher still watches;
 * <li>with a timeout, starts a timer of its own (which holds even if the wrapper is killed) that
 *     appends {@code timeout}, sends TERM to the script's group and to the run's processes that left
 *     it, and KILL after the grace period;
 * <li>forwards USR1 and USR2 to the script (Slurm's {@code --signal=B:...} reaches only the batch shell),
 *     and notes a HUP, INT or TERM in {@code $signalled} (a Slurm task then claims no further run);
 * <li>tells the launcher on its standard output: {@code S <id> <pid>} when started, {@code E <id> <code>}
 *     when its end is recorded, {@code U <id> <code>} when it ended but its end could not be recorded,
 *     and {@code F <id> output|record|aborted} when it did not start the script because it could not
 *     open its output or record its start, or found the run aborted before its start (ignoring a
 *     launcher that has gone).
 * </ul>
 *
 * <p>The program text is a constant: the experiment folder, the session and the script's command
 * reach it as positional parameters, and each run as a line of plain tokens (an id, the variation
 * folder's and the run's names, which liftoff makes of {@code [-_.()A-Za-z0-9]} only, the GPU, the
 * ENDBY seconds and the attempt number), so no config value, title or path is ever read as shell.
 * The record's events are JSON lines; {@code RunRecord} reads them.
 */
public final class RunWrapper {
    /** The name bash gives the supervisor in error messages ($0) and in process listings. */
    public static final String SUPERVISOR_NAME = "liftoff-supervisor";

    /** One run: {@code liftoff_run <id> <variation> <run> <gpu or -> <endby or -> <attempt>}. */
    public static final String FUNCTION = String.join("\n",
            "liftoff_run() {",
            "  local id=$1 dir=$exp/$2/$3 rec=$exp/$2/" + Layout.RUNS + "/$3 gpu=$4 endby=$5 attempt=$6",
            "  local w=$BASHPID s t= p c timer= trapped= ended=E l",
            // A run aborted (its attached launcher stopped) after it was handed over, before it started, never starts.
            "  while read -r l; do [[ $l == *'\"event\":\"" + io.liftoff.store.RunRecord.ABORT + "\"'* ]] && { echo \"F $id aborted\"; return; }; done < \"$rec\"",
            // Every trap notes that it fired: a wait it interrupted is waited again (bash keeps the status).
            "  trap 'trapped=1; signalled=1' HUP INT TERM",
            "  trap 'trapped=1; kill -USR1 -- -$p 2>/dev/null' USR1",
            "  trap 'trapped=1; kill -USR2 -- -$p 2>/dev/null' USR2",
            // The wrapper holds the script's out and err open: what a script prints after wiping its folder is kept.
            "  if ! exec 3>> \"$dir/" + Layout.OUT + "\" 4>> \"$dir/" + Layout.ERR + "\"; then echo \"F $id output\"; return; fi",
            "  if read -r s < /proc/$w/stat; then s=${s##*) }; set -f; s=($s); set +f; t=${s[19]}; fi",
            "  if ! printf '{\"event\":\"start\",\"time\":%s,\"pid\":%s,\"ticks\":%s,\"host\":\"%s\"}\\n' \"${EPOCHREALTIME/,/.}\" \"$w\" \"${t:-null}\" \"$HOSTNAME\" >> \"$rec\"; then",
            "    echo \"F $id record\"; return",
            "  fi",
            "  set -m",
            "  (",
            "    export " + io.liftoff.process.LiveProcesses.RUN_VARIABLE + "=$dir LIFTOFF_ATTEMPT=$attempt",
            "    [ \"$gpu\" = - ] || export CUDA_VISIBLE_DEVICES=$gpu",
            "    [ \"$endby\" = - ] || export ENDBY=$endby",
            "    exec \"${command[@]}\" \"$dir/" + Layout.CFG + "\" --session-id \"$sid\" 3>&- 4>&-",
            "  ) < \"$stdin\" >&3 2>&4 &",
            "  p=$!",
            "  set +m",
            "  t=",
            "  if read -r s < /proc/$p/stat; then s=${s##*) }; set -f; s=($s); set +f; t=${s[19]}; fi",
            "  printf '{\"event\":\"script\",\"pid\":%s,\"ticks\":%s}\\n' \"$p\" \"${t:-null}\" >> \"$rec\"",
            "  trap '' PIPE",
            "  echo \"S $id $w\"",
            "  trap - PIPE",
            "  if [ -n \"$timeout\" ]; then",
            "    set -m; liftoff_timer 3>&- 4>&- & timer=$!; set +m",
            "  fi",
            "  while :; do",
            "    trapped=",
            "    wait \"$p\"; c=$?",
            "    [ -z \"$trapped\" ] && break",
            "  done",
            "  [ -z \"$timer\" ] || kill -- -\"$timer\" 2>/dev/null",
            "  liftoff_keep " + Layout.OUT + " 3",
            "  liftoff_keep " + Layout.ERR + " 4",
            "  exec 3>&- 4>&-",
            "  printf '{\"event\":\"end\",\"time\":%s,\"code\":%s}\\n' \"${EPOCHREALTIME/,/.}\" \"$c\" >> \"$rec\" || ended=U",
            "  echo \"$ended $id $c\"",
            "}",
            // Out of the wrapper's process (its own group): a timeout holds even if someone killed the wrapper.
            "liftoff_timer() {",
            "  sleep \"$timeout\"",
            // Once fired it finishes, even when the wrapper, seeing the script end, stops it.
            "  trap '' TERM",
            "  printf '{\"event\":\"timeout\",\"time\":%s}\\n' \"${EPOCHREALTIME/,/.}\" >> \"$rec\"",
            "  kill -TERM -- -\"$p\" 2>/dev/null || kill -TERM \"$p\" 2>/dev/null",
            "  liftoff_escaped TERM",
            "  sleep \"$grace\"",
            "  kill -KILL -- -\"$p\" 2>/dev/null || kill -KILL \"$p\" 2>/dev/null",
            "  liftoff_escaped KILL",
            "}",
            // The run's processes that left the script's group (setsid, daemons) still carry the run's folder.
            "liftoff_escaped() {",
            "  local e q",
            "  for e in $(grep -lzxF \"" + io.liftoff.process.LiveProcesses.RUN_VARIABLE + "=$dir\" /proc/[0-9]*/environ 2>/dev/null); do",
            "    q=${e#/proc/}; q=${q%/environ}",
            "    kill -\"$1\" \"$q\" 2>/dev/null",
            "  done",
            "}",
            // A file the script removed (with its folder) gets what was written to it back; one it replaced stays its.
            "liftoff_keep() {",
            "  local f=$dir/$1",
            "  [ \"$f\" -ef /proc/$w/fd/$2 ] && return",
            "  [ -e \"$f\" ] || [ -L \"$f\" ] && return",
            "  mkdir -p \"$dir\" && cat /proc/$w/fd/$2 > \"$f\"",
            "}",
            "");

    /**
     * The supervisor: {@code $1} the experiment folder, {@code $2} the session id, {@code $3} the file
     * runs read as standard input, {@code $4} the timeout in seconds (empty for none), {@code $5} the
     * grace period, then the script's command (the run's cfg.yaml and {@code --session-id} follow).
     * It reads runs until the launcher closes its input (or dies), then waits for its runs.
     */
    public static final String SUPERVISOR = String.join("\n",
            FUNCTION,
            "exp=$1 sid=$2 stdin=$3 timeout=$4 grace=$5",
            "shift 5",
            "command=(\"$@\")",
            // bash's own notes ("line 14: Killed") must reach nobody; each run's err is its own file.
            "exec 2>/dev/null",
            "trap : HUP INT TERM",
            "while :; do",
            "  read -r id var run gpu endby attempt; rc=$?",
            "  [ \"$rc\" -gt 128 ] && continue",
            "  [ \"$rc\" -eq 0 ] || break",
            "  liftoff_run \"$id\" \"$var\" \"$run\" \"$gpu\" \"$endby\" \"$attempt\" &",
            "done",
            "while :; do wait; [ $? -gt 128 ] || break; done",
            "");

    private RunWrapper() {
    }
}
