package io.liftoff.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's processes on this host: its wrapper, the wrapper's descendants, every process of the
 * script's process group (the wrapper starts the script as a group leader), and every process whose
 * environment names the run ({@link LiveProcesses#RUN_VARIABLE}), which finds those that left both
 * with {@code setsid} or a double fork. Members are kept as identities (pid and start time) and
 * checked again before each signal, so a pid since given to another process is never signalled.
 */
public final class ProcessTree {
    /** How many more looks abort takes for processes a run started while it was being stopped. */
    private static final int LOOKS_AGAIN = 20;

    private final ProcessIdentity wrapper;
    private final ProcessIdentity script;
    private final String runDir;
    private final List<ProcessIdentity> members;

    private ProcessTree(ProcessIdentity wrapper, ProcessIdentity script, String runDir, List<ProcessIdentity> members) {
        this.wrapper = wrapper;
        this.script = script;
        this.runDir = runDir;
        this.members = members;
    }

    /**
     * The live processes of a run: {@code wrapper} and {@code script} as its record holds them (either
     * may be null), {@code runDir} the folder its processes carry in their environment.
     */
    public static ProcessTree of(ProcessIdentity wrapper, ProcessIdentity script, String runDir, LiveProcesses live) {
        Map<Long, ProcessIdentity> found = new LinkedHashMap<>();
        List<ProcessTable.Entry> all = live.all();
        ProcessIdentity localWrapper = wrapper != null && wrapper.isLocal() ? wrapper : null;
        if (localWrapper != null && isAlive(localWrapper, all)) {
            found.put(localWrapper.pid(), localWrapper);
            descendants(localWrapper.pid(), all, found);
        }
        if (script != null && script.isLocal()) {
            // The script leads its own process group; a group's id is not reused while it has members.
            for (ProcessTable.Entry entry : all) {
                if (entry.processGroup() == script.pid() && entry.startTicks() >= Math.max(0, script.startTicks())) {
                    found.putIfAbsent(entry.pid(), entry.identity());
                    descendants(entry.pid(), all, found);
                }
            }
        }
        if (runDir != null) {
            for (ProcessIdentity member : live.ofRun(runDir)) {
                found.putIfAbsent(member.pid(), member);
            }
        }
        return new ProcessTree(localWrapper, script, runDir, new ArrayList<>(found.values()));
    }

    /** The same run's processes, as a new look at the host finds them. */
    private ProcessTree again(LiveProcesses live) {
        return of(wrapper, script, runDir, live);
    }

    private static boolean isAlive(ProcessIdentity identity, List<ProcessTable.Entry> all) {
        for (ProcessTable.Entry entry : all) {
            if (entry.pid() == identity.pid()) {
                return identity.startTicks() < 0 || entry.startTicks() == identity.startTicks();
            }
        }
        return false;
    }

    private static void descendants(long parent, List<ProcessTable.Entry> all, Map<Long, ProcessIdentity> found) {
        for (ProcessTable.Entry entry : all) {
            if (entry.ppid() == parent && !found.containsKey(entry.pid())) {
                found.put(entry.pid(), entry.identity());
                descendants(entry.pid(), all, found);
            }
        }
    }

    public boolean isEmpty() {
        return alive().isEmpty();
    }

    /** The members still alive, as recorded (same pid, same start time). */
    public List<ProcessIdentity> alive() {
        List<ProcessIdentity> alive = new ArrayList<>();
        for (ProcessIdentity member : members) {
            if (ProcessTable.liveness(member) == Liveness.ALIVE) {
                alive.add(member);
            }
        }
        return alive;
    }

    /** The live members other than the wrapper: the script and whatever it started. */
    public List<ProcessIdentity> workers() {
        List<ProcessIdentity> workers = alive();
        workers.removeIf(this::isWrapper);
        return workers;
    }

    private boolean isWrapper(ProcessIdentity member) {
        return wrapper != null && member.pid() == wrapper.pid();
    }

    /**
     * Stops runs: SIGTERM to every member but the wrappers (each then records how its script ended),
     * up to {@code graceMillis} for them to go, then SIGKILL to whatever is left, wrappers included;
     * then it looks again, and kills what the runs started meanwhile (a script that keeps forking
     * starts children between a look and its signals), until a look finds nothing. Returns how many
     * processes had to be killed.
     */
    public static int terminate(List<ProcessTree> trees, long graceMillis) {
        for (ProcessTree tree : trees) {
            for (ProcessIdentity member : tree.workers()) {
                signal(member, false);
            }
        }
        long deadline = System.currentTimeMillis() + graceMillis;
        while (System.currentTimeMillis() < deadline && trees.stream().anyMatch(t -> !t.workers().isEmpty())) {
            pause(20);
        }
        // With its script gone a wrapper records the end and exits by itself; give it a moment.
        long wrappers = System.currentTimeMillis() + 1000;
        while (System.currentTimeMillis() < wrappers && trees.stream().anyMatch(t -> !t.isEmpty())) {
            pause(20);
        }
        int killed = 0;
        for (ProcessTree tree : trees) {
            for (ProcessIdentity member : tree.alive()) {
                if (signal(member, true)) {
                    killed++;
                }
            }
        }
        for (int look = 0; look < LOOKS_AGAIN; look++) {
            LiveProcesses live = new LiveProcesses();
            int found = 0;
            for (ProcessTree tree : trees) {
                for (ProcessIdentity member : tree.again(live).workers()) {
                    if (signal(member, true)) {
                        found++;
                    }
                }
            }
            if (found == 0) {
                break;
            }
            killed += found;
            pause(20);
        }
        return killed;
    }

    /** Signals a process only if it is still the one recorded (and never this one). */
    public static boolean signal(ProcessIdentity process, boolean kill) {
        if (process.pid() == ProcessHandle.current().pid() || ProcessTable.liveness(process) != Liveness.ALIVE) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        return handle.map(h -> kill ? h.destroyForcibly() : h.destroy()).orElse(false);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
