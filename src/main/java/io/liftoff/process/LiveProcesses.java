package io.liftoff.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of this host as one look finds them, read from /proc once and only when asked:
 * their pids, parents, groups and sessions, and which run each belongs to. A run's processes carry
 * {@link #RUN_VARIABLE} (the run's folder) in the environment they started with; it survives
 * {@code setsid}, double forks and daemons, and only a process that clears its environment and
 * leaves the run's process group escapes it (a documented limit).
 */
public final class LiveProcesses {
    /** The environment variable that names a run in each of its processes. */
    public static final String RUN_VARIABLE = "LIFTOFF_RUN_DIR";

    /** The environment variable that names the experiment in a run's processes and a session's supervisor. */
    public static final String EXPERIMENT_VARIABLE = "LIFTOFF_EXPERIMENT_DIR";
    /** The host-wide index a launcher used; processes of another index (tests, a moved one) are another's. */
    public static final String STATE_VARIABLE = "LIFTOFF_STATE_DIR";

    private List<ProcessTable.Entry> all;
    private Map<String, List<ProcessIdentity>> byRun;
    private Map<String, java.util.Set<String>> experiments;

    /** Every live process of this host (read on first use). */
    public synchronized List<ProcessTable.Entry> all() {
        if (all == null) {
            all = ProcessTable.all();
        }
        return all;
    }

    /** The live processes whose environment names the run folder {@code runDir} (absolute, as liftoff set it). */
    public List<ProcessIdentity> ofRun(String runDir) {
        return byRun().getOrDefault(runDir, List.of());
    }

    /**
     * The experiment folders that processes of this host work on (runs, and supervisors of sessions),
     * of launchers that used the host-wide index {@code stateDir}: a test suite with an index of its
     * own never reaches a user's experiments, nor they its.
     */
    public java.util.Set<String> experiments(String stateDir) {
        readEnvironments();
        java.util.Set<String> found = new java.util.HashSet<>();
        experiments.forEach((experiment, states) -> {
            if (states.contains(stateDir)) {
                found.add(experiment);
            }
        });
        return found;
    }

    private Map<String, List<ProcessIdentity>> byRun() {
        readEnvironments();
        return byRun;
    }

    private synchronized void readEnvironments() {
        if (byRun != null) {
            return;
        }
        byRun = new HashMap<>();
        experiments = new HashMap<>();
        long self = ProcessHandle.current().pid();
        for (ProcessTable.Entry entry : all()) {
            if (entry.pid() == self) {
                continue;
            }
            String[] values = ProcessTable.environmentValues(entry.pid(), RUN_VARIABLE, EXPERIMENT_VARIABLE, STATE_VARIABLE);
            if (values == null) {
                continue;
            }
            if (values[0] != null) {
                byRun.computeIfAbsent(values[0], r -> new ArrayList<>()).add(entry.identity());
            }
            if (values[1] != null && values[2] != null) {
                experiments.computeIfAbsent(values[1], e -> new java.util.HashSet<>()).add(values[2]);
            }
        }
    }

    /** Whether the recorded process runs: same pid, same start time, this host. */
    public Liveness of(ProcessIdentity identity) {
        return ProcessTable.liveness(identity);
    }
}
