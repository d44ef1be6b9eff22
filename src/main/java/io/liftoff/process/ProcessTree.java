package io.liftoff.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's processes on this host: its wrapper, every process in the wrapper's own process session
 * (a detached run's workers stay in it even when orphaned), and the wrapper's descendants. Members
 * are kept as identities (pid and start time) and checked again before each signal, so a pid that
 * has since been given to another process is never signalled.
 */
public final class ProcessTree {
    private final ProcessIdentity root;
    private final List<ProcessIdentity> members;

    private ProcessTree(ProcessIdentity root, List<ProcessIdentity> members) {
        this.root = root;
        this.members = members;
    }

    /** The live processes of the run whose wrapper is {@code root}; empty when none is left. */
    public static ProcessTree of(ProcessIdentity root) {
        List<ProcessTable.Entry> all = ProcessTable.all();
        ProcessTable.Entry holder = all.stream().filter(e -> e.pid() == root.pid()).findFirst().orElse(null);
        boolean rootAlive = holder != null && (root.startTicks() < 0 || holder.startTicks() == root.startTicks());
        Map<Long, ProcessIdentity> found = new LinkedHashMap<>();
        // A detached run's wrapper leads its own process session (session id = its pid): every process
        // of that session started after it is the run's, orphaned workers included. An attached
        // wrapper shares the launcher's session, so only its descendants count. When the wrapper is
        // gone its session id still marks its orphans, unless the pid now leads another session.
        boolean sessionIsTheRuns = rootAlive ? holder.session() == root.pid() : holder == null || holder.session() != root.pid();
        if (rootAlive) {
            found.put(root.pid(), root);
        }
        if (sessionIsTheRuns) {
            for (ProcessTable.Entry entry : all) {
                if (entry.session() == root.pid() && entry.startTicks() >= Math.max(0, root.startTicks())
                        && (rootAlive || entry.pid() != root.pid())) {
                    found.putIfAbsent(entry.pid(), entry.identity());
                }
            }
        }
        if (rootAlive) {
            descendants(root.pid(), all, found);
        }
        return new ProcessTree(root, new ArrayList<>(found.values()));
    }

    private static void descendants(long parent, List<ProcessTable.Entry> all, Map<Long, ProcessIdentity> found) {
        for (ProcessTable.Entry entry : all) {
            if (entry.ppid() == parent && !found.containsKey(entry.pid())) {
                found.put(entry.pid(), entry.identity());
                descendants(entry.pid(), all, found);
            }
        }
    }

    public ProcessIdentity root() {
        return root;
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

    /**
     * Stops runs: SIGTERM to every member but the wrappers (each then records how its script ended),
     * up to {@code graceMillis} for them to go, then SIGKILL to whatever is left, wrappers included.
     * Returns how many processes had to be killed.
     */
    public static int terminate(List<ProcessTree> trees, long graceMillis) {
        for (ProcessTree tree : trees) {
            for (ProcessIdentity member : tree.alive()) {
                if (member.pid() != tree.root.pid()) {
                    signal(member, false);
                }
            }
        }
        long deadline = System.currentTimeMillis() + graceMillis;
        while (System.currentTimeMillis() < deadline && trees.stream().anyMatch(ProcessTree::hasLiveWorkers)) {
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
        return killed;
    }

    private boolean hasLiveWorkers() {
        return alive().stream().anyMatch(m -> m.pid() != root.pid());
    }

    /** Signals a process only if it is still the one recorded. */
    public static boolean signal(ProcessIdentity process, boolean kill) {
        if (ProcessTable.liveness(process) != Liveness.ALIVE) {
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
