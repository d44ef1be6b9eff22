package io.liftoff.launch;


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
 * <p>The programs are resources ({@code run-wrapper.bash}, {@code supervisor.bash}; see {@link BashProgram}),
 * constant once loaded: the experiment folder, the session and the script's command
 * reach it as positional parameters, and each run as a line of plain tokens (an id, the variation
 * folder's and the run's names, which liftoff makes of {@code [-_.()A-Za-z0-9]} only, the GPU, the
 * ENDBY seconds and the attempt number), so no config value, title or path is ever read as shell.
 * The record's events are JSON lines; {@code RunRecord} reads them.
 */
public final class RunWrapper {
    /** The name bash gives the supervisor in error messages ($0) and in process listings. */
    public static final String SUPERVISOR_NAME = "liftoff-supervisor";

    /**
     * The wrapper's functions ({@code run-wrapper.bash}); one run is {@code liftoff_run <id> <variation>
     * <run> <gpu or -> <endby or -> <attempt>}. Loaded when first used: this class is its own lazy
     * holder ({@link #SUPERVISOR_NAME}, a compile-time constant, does not load it).
     */
    public static final String FUNCTION = BashProgram.load("/io/liftoff/launch/run-wrapper.bash", RunProtocol.names());

    /**
     * The supervisor ({@code supervisor.bash}, with the wrapper's functions): {@code $1} the experiment
     * folder, {@code $2} the session id, {@code $3} the file runs read as standard input, {@code $4} the
     * timeout in seconds (empty for none), {@code $5} the grace period, then the script's command (the
     * run's cfg.yaml and {@code --session-id} follow). It reads runs until the launcher closes its
     * input (or dies), then waits for its runs.
     */
    public static final String SUPERVISOR = BashProgram.load("/io/liftoff/launch/supervisor.bash", RunProtocol.names());

    private RunWrapper() {
    }
}
