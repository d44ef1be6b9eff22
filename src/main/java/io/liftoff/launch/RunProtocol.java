package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Layout;
import io.liftoff.store.RunRecord;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run protocol, in one place: every name liftoff's Java shares with its bash programs
 * ({@code run-wrapper.bash}, {@code supervisor.bash}, {@code slurm-task.bash}) and with runs.
 *
 * <ul>
 * <li>The environment a run gets, the same locally and on Slurm ({@link #ENVIRONMENT}).
 * <li>The hand-over line the launcher writes to the supervisor, one per run: {@link #handOver}.
 * <li>The wrapper's events on its standard output: {@code S <id> <wrapper pid>}, {@code E <id> <code>},
 *     {@code U <id> <code>} (ended, end not recorded), {@code F <id> output|record|aborted} (not started).
 * <li>The Slurm task protocol: the task asks {@code <claimed> <after or ->} ({@link Question}), the
 *     {@code slurm-task} command answers {@code <variation> <run> <attempt> <endby or -> new|again}
 *     ({@link #answer}) or an empty line.
 * <li>The record's events ({@link #RECORD_EVENTS}); {@link RunRecord} declares and reads them.
 * </ul>
 *
 * <p>Names that lower layers read ({@code process/LiveProcesses}, {@code store/RunRecord}) are declared
 * there and named here. The bash programs get file names, record events and protocol words through
 * {@code @NAME@} placeholders ({@link #names}); the environment variables they set stay literal (bash
 * exports identifiers), and a contract test checks that they use only the names declared here.
 */
public final class RunProtocol {
    public static final String SESSION_ID = "LIFTOFF_SESSION_ID";
    public static final String EXPERIMENT_DIR = LiveProcesses.EXPERIMENT_VARIABLE;
    public static final String STATE_DIR = LiveProcesses.STATE_VARIABLE;
    public static final String RUN_DIR = LiveProcesses.RUN_VARIABLE;
    public static final String ATTEMPT = "LIFTOFF_ATTEMPT";
    /** The file a run appends its metrics to, beside its record ({@code store/Metrics} has the line format). */
    public static final String METRICS = "LIFTOFF_METRICS";
    /** Set by the wrapper for a local run with a GPU; Slurm sets it itself. */
    public static final String GPUS = "CUDA_VISIBLE_DEVICES";
    /** The whole seconds the run has left (from {@code --end-by} or Slurm's {@code --time}), when it has a deadline. */
    public static final String ENDBY = "ENDBY";
    public static final String PYTHONPATH = "PYTHONPATH";
    /** Every environment variable liftoff sets for a run. */
    public static final List<String> ENVIRONMENT = List.of(SESSION_ID, EXPERIMENT_DIR, STATE_DIR, RUN_DIR, ATTEMPT, METRICS, GPUS,
            ENDBY, PYTHONPATH);

    /** A value the hand-over line or a task's answer does not have (no GPU, no ENDBY, no run before). */
    public static final String NONE = "-";

    public static final String STARTED = "S";
    public static final String ENDED = "E";
    public static final String UNRECORDED = "U";
    public static final String FAILED = "F";
    /** A wrapper's word: the run ended, and its experiment or variation folder was gone, so nothing was recorded. */
    public static final String GONE = "G";
    /** The supervisor's and the task's word for what a run's script leaves running when it ends: kept, or stopped. */
    public static final String KEEP_LEFTOVERS = "keep";
    public static final String STOP_LEFTOVERS = "stop";
    /** Why the wrapper did not start a run ({@link #FAILED}): its out or err could not be opened. */
    public static final String NO_OUTPUT = "output";
    /** ... its start could not be recorded. */
    public static final String NO_RECORD = "record";
    /** ... it was aborted before its start. */
    public static final String ABORTED = "aborted";

    /** A task's answer: a run new to the task (it counts as claimed). */
    public static final String NEW = "new";
    /** A task's answer: the run it just ran, again (a retry). */
    public static final String AGAIN = "again";

    public static final List<String> RECORD_EVENTS = List.of(RunRecord.CLAIM, RunRecord.START, RunRecord.SCRIPT,
            RunRecord.TIMEOUT, RunRecord.END, RunRecord.ABORT, RunRecord.PRUNE, RunRecord.SIGNAL, RunRecord.TIME_LIMIT);

    private RunProtocol() {
    }

    /**
     * The environment every run of a session gets besides its own ({@link #RUN_DIR}, {@link #ATTEMPT},
     * {@link #METRICS}, {@link #GPUS}, {@link #ENDBY}, set by the wrapper): locally the supervisor starts with it; a Slurm
     * task exports the same names (slurm-task.bash).
     */
    public static Map<String, String> environment(String sessionId, Path experiment, Path pythonLib) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SESSION_ID, sessionId);
        env.put(EXPERIMENT_DIR, experiment.toString());
        env.put(STATE_DIR, HostIndex.stateDir().toString());
        String pythonPath = System.getenv(PYTHONPATH);
        env.put(PYTHONPATH, pythonLib + (pythonPath == null || pythonPath.isEmpty() ? "" : File.pathSeparator + pythonPath));
        return env;
    }

    /** The line handing run {@code variation/run} to the supervisor: {@code <id> <variation> <run> <gpu> <endby> <attempt>}. */
    public static String handOver(int id, String variation, String run, String gpu, Long endBy, int attempt) {
        return id + " " + variation + " " + run + " " + (gpu == null ? NONE : gpu) + " " + (endBy == null ? NONE : endBy) + " "
                + attempt;
    }

    /**
     * How a Slurm task's batch program calls liftoff ({@code slurm-task}): {@code serve <experiment>
     * <submission> <offset>} (one JVM answers the task's {@link Question}s on its standard input),
     * {@code next <experiment> <submission> <offset> <claimed> <after or ->} (one question), or
     * {@code ending} with the same words (judge whether the run that just got the time-limit signal
     * goes back to the queue).
     */
    public record TaskCall(Mode mode, Path experiment, String submission, int offset, int claimed, String after) {
        public enum Mode {
            SERVE, NEXT, ENDING;

            /** The word the batch program writes. */
            public String word() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        /** The call in the words of the task's command line; a usage error when they are not one. */
        public static TaskCall parse(List<String> words) {
            Mode mode = Arrays.stream(Mode.values()).filter(m -> m.word().equals(words.get(0))).findFirst().orElse(null);
            int expected = mode == Mode.SERVE ? 4 : 6;
            if (mode == null || words.size() != expected || !words.get(3).matches("\\d{1,9}")
                    || expected == 6 && !words.get(4).matches("\\d{1,9}")) {
                throw LiftoffException.usage("slurm-task: not a task's call: " + String.join(" ", words));
            }
            boolean serve = mode == Mode.SERVE;
            return new TaskCall(mode, Path.of(words.get(1)), words.get(2), Integer.parseInt(words.get(3)),
                    serve ? 0 : Integer.parseInt(words.get(4)), serve || NONE.equals(words.get(5)) ? null : words.get(5));
        }
    }

    /** A Slurm task's question: it has claimed {@code claimed} runs and just ran {@code after} ({@code <variation>/<run>}, or null). */
    public record Question(int claimed, String after) {
        /** The question on a line ({@code <claimed> <after or ->}); null when it is not one. */
        public static Question parse(String line) {
            String[] words = line.strip().split(" ");
            if (words.length != 2 || !words[0].matches("\\d{1,9}")) {
                return null;
            }
            return new Question(Integer.parseInt(words[0]), NONE.equals(words[1]) ? null : words[1]);
        }

        public String line() {
            return claimed + " " + (after == null ? NONE : after);
        }
    }

    /** The answer naming a task's next run: {@code <variation> <run> <attempt> <endby or -> new|again}. */
    public static String answer(String variation, String run, int attempt, Long endBy, boolean fresh) {
        return variation + " " + run + " " + attempt + " " + (endBy == null ? NONE : endBy) + " " + (fresh ? NEW : AGAIN);
    }

    /** What the bash programs' {@code @NAME@} placeholders stand for. */
    public static Map<String, String> names() {
        return Map.ofEntries(
                Map.entry("RUNS", Layout.RUNS),
                Map.entry("METRICS", Layout.METRICS_SUFFIX),
                Map.entry("OUT", Layout.OUT),
                Map.entry("ERR", Layout.ERR),
                Map.entry("CFG", Layout.CFG),
                Map.entry("PYTHON_LIB", Layout.PYTHON_LIB),
                Map.entry("START", RunRecord.START),
                Map.entry("SCRIPT", RunRecord.SCRIPT),
                Map.entry("END", RunRecord.END),
                Map.entry("TIMEOUT", RunRecord.TIMEOUT),
                Map.entry("ABORT", RunRecord.ABORT),
                Map.entry("SIGNAL", RunRecord.SIGNAL),
                Map.entry("NONE", NONE),
                Map.entry("STARTED", STARTED),
                Map.entry("ENDED", ENDED),
                Map.entry("UNRECORDED", UNRECORDED),
                Map.entry("FAILED", FAILED),
                Map.entry("GONE", GONE),
                Map.entry("EXPERIMENT", Layout.EXPERIMENT),
                Map.entry("STOPPED", RunRecord.STOPPED),
                Map.entry("NO_OUTPUT", NO_OUTPUT),
                Map.entry("NO_RECORD", NO_RECORD),
                Map.entry("ABORTED", ABORTED),
                Map.entry("NEW", NEW),
                Map.entry("SERVE", TaskCall.Mode.SERVE.word()),
                Map.entry("NEXT", TaskCall.Mode.NEXT.word()),
                Map.entry("ENDING", TaskCall.Mode.ENDING.word()));
    }
}
