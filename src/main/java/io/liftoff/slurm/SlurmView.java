package io.liftoff.slurm;

import io.liftoff.store.HostIndex;
import io.liftoff.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one recent view of Slurm that every liftoff command of a user on a host shares
 * ({@code <state>/<host>/slurm-view.json}), so that many terminals watching status, a launcher's
 * {@code --wait}, procs and the array tasks starting on the host cost the controller no more than
 * one of them: one {@code squeue --me} at most once per interval (10 s, {@value #INTERVAL_VARIABLE}),
 * and {@code sacct} only for tasks gone from the queue, batched, at most once per
 * {@value #ACCOUNTING_INTERVALS} intervals. One process refreshes it at a time, holding a lock on
 * {@code slurm-view.lock}, and writes it atomically; the others use the last view meanwhile (or wait,
 * when there is none yet). A failing command keeps the last answer and says why.
 *
 * <p>A task that left the queue is remembered with the time it was first seen gone: until accounting
 * says it ended, or {@value #ENDING_INTERVALS} intervals (60 s) have passed, it is "ending" (sacct
 * trails squeue), never lost at once.
 */
public final class SlurmView {
    /** Seconds between two squeue of this user on this host (decimals allowed; 0 asks every time). */
    public static final String INTERVAL_VARIABLE = "LIFTOFF_SLURM_INTERVAL";
    static final long DEFAULT_INTERVAL_MILLIS = 10_000;
    /** sacct is asked at most once per this many intervals (30 s by default). */
    static final int ACCOUNTING_INTERVALS = 3;
    /** A task gone from the queue without an end in accounting is lost this many intervals after it left (60 s). */
    static final int ENDING_INTERVALS = 6;
    /** States after which sacct's record of a task no longer changes (unless Slurm requeues it: then it is queued again). */
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "PREEMPTED", "NODE_FAIL",
            "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE");
    private static final long DEPARTED_KEPT_MILLIS = 3_600_000L;
    private static final long ACCOUNTING_KEPT_MILLIS = 24 * 3_600_000L;
    private static SlurmView local;

    /** Where the answers come from: Slurm's commands, or a test's fake. */
    interface Source {
        List<SlurmCli.QueueEntry> queue() throws SlurmCli.Unreachable;

        Map<String, SlurmCli.AccountingEntry> accounting(List<String> jobIds) throws SlurmCli.Unreachable;
    }

    static final Source SLURM = new Source() {
        @Override
        public List<SlurmCli.QueueEntry> queue() throws SlurmCli.Unreachable {
            return SlurmCli.queueOfUser();
        }

        @Override
        public Map<String, SlurmCli.AccountingEntry> accounting(List<String> jobIds) throws SlurmCli.Unreachable {
            return SlurmCli.accounting(jobIds);
        }
    };

    private final Path file;
    private final Path lockFile;
    private final long intervalMillis;
    private final Source source;

    private long taken;
    private long tried;
    private long accounted;
    private String problem;
    private Map<String, SlurmCli.QueueEntry> queue = new LinkedHashMap<>();
    private Map<String, Long> departed = new HashMap<>();
    private Map<String, Accounted> accounting = new HashMap<>();

    /** A task's accounting record and when it was read. */
    private record Accounted(SlurmCli.AccountingEntry entry, long at) {
    }

    SlurmView(Path file, Path lockFile, long intervalMillis, Source source) {
        this.file = file;
        this.lockFile = lockFile;
        this.intervalMillis = intervalMillis;
        this.source = source;
    }

    /** This user's view on this host (one per process). */
    public static synchronized SlurmView local() {
        if (local == null) {
            HostIndex index = HostIndex.local();
            local = new SlurmView(index.slurmView(), index.slurmViewLock(), SlurmTime.intervalMillis(System.getenv(INTERVAL_VARIABLE), DEFAULT_INTERVAL_MILLIS), SLURM);
        }
        return local;
    }

    /** The view as the last refresh left it, asking Slurm nothing (abort cancels by job id and needs no more). */
    public synchronized SlurmView last() {
        read();
        return this;
    }

    /**
     * The view, refreshed first when older than the interval, or taken before {@code notBefore}
     * (epoch ms: a submission made since needs a view that can see it). Another process refreshing
     * meanwhile leaves this one with the last view; with no view at all, it waits for that one.
     */
    public synchronized SlurmView look(long notBefore) {
        read();
        if (!stale(notBefore)) {
            return this;
        }
        try (RefreshLock held = RefreshLock.hold(lockFile, taken == 0)) {
            if (held != null) {
                read();
                if (stale(notBefore)) {
                    refreshQueue();
                }
            }
        }
        return this;
    }

    /**
     * Accounting of tasks gone from the queue. sacct is asked only when one of them has no ended
     * record yet, at most once per {@value #ACCOUNTING_INTERVALS} intervals, for these tasks and every
     * other task that left the queue undecided (one call for all of the user's submissions).
     */
    public synchronized void account(Collection<String> tasks) {
        if (tasks.stream().allMatch(this::ended) || !accountingDue()) {
            return;
        }
        try (RefreshLock held = RefreshLock.hold(lockFile, false)) {
            if (held == null) {
                return;
            }
            read();
            Set<String> wanted = new TreeSet<>();
            tasks.stream().filter(t -> !ended(t)).forEach(wanted::add);
            departed.keySet().stream().filter(t -> !ended(t)).forEach(wanted::add);
            if (wanted.isEmpty() || !accountingDue()) {
                return;
            }
            long now = System.currentTimeMillis();
            accounted = now;
            List<String> jobs = wanted.stream().map(SlurmView::arrayJob).distinct().toList();
            try {
                source.accounting(jobs).forEach((task, entry) -> accounting.put(task, new Accounted(entry, now)));
            } catch (SlurmCli.Unreachable e) {
                // Reasons stay unknown; the bound on "ending" still applies.
            }
            write();
        }
    }

    /**
     * Whether this view can tell about a submission: it lists one of its tasks, or was taken after it
     * was made (its record keeps the second, truncated). A view that cannot is refreshed once more.
     */
    public boolean sees(Submission submission) {
        return taken >= seenAfter(submission.created())
                || queue.values().stream().anyMatch(e -> submission.jobIds().contains(e.arrayJob()));
    }

    /** The view, refreshed once more when it cannot tell about {@code submission} yet. */
    public synchronized SlurmView lookFor(Submission submission) {
        return sees(submission) ? this : look(seenAfter(submission.created()));
    }

    static long seenAfter(long createdSeconds) {
        return (createdSeconds + 1) * 1000;
    }

    public SlurmCli.QueueEntry task(String taskId) {
        return queue.get(taskId);
    }

    public Collection<SlurmCli.QueueEntry> tasks() {
        return queue.values();
    }

    /** When the queue in this view was taken (epoch ms; 0: never). */
    public long taken() {
        return taken;
    }

    /** Why the last squeue failed ("Slurm unreachable" is what callers say), or null. */
    public String problem() {
        return problem;
    }

    /** Seconds since the queue was taken; -1 without a view. */
    public long ageSeconds() {
        return taken == 0 ? -1 : Math.max(0, (System.currentTimeMillis() - taken) / 1000);
    }

    /** Whether the view is older than the interval (by a second's margin: a refresh takes time). */
    public boolean isOld() {
        return taken == 0 || System.currentTimeMillis() - taken > intervalMillis + 1000;
    }

    /** sacct's record of a task, or null. */
    public SlurmCli.AccountingEntry accounting(String taskId) {
        Accounted entry = accounting.get(taskId);
        return entry == null ? null : entry.entry();
    }

    /** Whether accounting recorded the task's end. */
    public boolean ended(String taskId) {
        SlurmCli.AccountingEntry entry = accounting(taskId);
        return entry != null && ENDED.contains(entry.state());
    }

    /**
     * Whether a task not in the queue has ended for good: accounting says so, or it left the queue
     * (first seen gone, else {@code leftBy}: the latest its run recorded) long enough ago.
     */
    public boolean over(String taskId, long leftBy) {
        if (ended(taskId)) {
            return true;
        }
        long left = departed.getOrDefault(taskId, leftBy);
        return System.currentTimeMillis() - left >= ENDING_INTERVALS * intervalMillis;
    }

    /**
     * When a task's time limit ends (epoch seconds), or -1: squeue's end for a running task, else its
     * limit counted from {@code startedMillis} (a view taken before it started shows it pending).
     */
    public long endTime(String taskId, long startedMillis) {
        SlurmCli.QueueEntry entry = queue.get(taskId);
        return entry == null ? -1 : SlurmTime.end(entry, startedMillis);
    }

    static String arrayJob(String taskId) {
        int underscore = taskId.indexOf('_');
        return underscore < 0 ? taskId : taskId.substring(0, underscore);
    }

    private boolean stale(long notBefore) {
        long now = System.currentTimeMillis();
        return now - tried >= intervalMillis || now < tried || taken < notBefore && tried < notBefore;
    }

    private boolean accountingDue() {
        long now = System.currentTimeMillis();
        return now - accounted >= ACCOUNTING_INTERVALS * intervalMillis || now < accounted;
    }

    private void refreshQueue() {
        long now = System.currentTimeMillis();
        tried = now;
        try {
            Map<String, SlurmCli.QueueEntry> fresh = new LinkedHashMap<>();
            for (SlurmCli.QueueEntry entry : source.queue()) {
                fresh.put(entry.taskId(), entry);
            }
            for (String task : queue.keySet()) {
                if (!fresh.containsKey(task)) {
                    departed.putIfAbsent(task, now);
                }
            }
            // A task back in the queue (requeued) is neither gone nor ended: what accounting said of it is old.
            departed.keySet().removeAll(fresh.keySet());
            accounting.keySet().removeAll(fresh.keySet());
            queue = fresh;
            taken = now;
            problem = null;
        } catch (SlurmCli.Unreachable e) {
            problem = e.getMessage();
        }
        departed.values().removeIf(left -> now - left > DEPARTED_KEPT_MILLIS);
        accounting.values().removeIf(entry -> now - entry.at() > ACCOUNTING_KEPT_MILLIS);
        write();
    }

    @SuppressWarnings("unchecked")
    private void read() {
        Map<String, Object> map = Json.readObject(file);
        taken = 0;
        tried = 0;
        accounted = 0;
        problem = null;
        queue = new LinkedHashMap<>();
        departed = new HashMap<>();
        accounting = new HashMap<>();
        if (map == null) {
            return;
        }
        taken = number(map.get("taken"));
        tried = number(map.get("tried"));
        accounted = number(map.get("accounted"));
        problem = map.get("problem") == null ? null : map.get("problem").toString();
        if (map.get("queue") instanceof List) {
            for (Object item : (List<Object>) map.get("queue")) {
                if (item instanceof List && ((List<Object>) item).size() == 6) {
                    List<String> f = ((List<Object>) item).stream().map(String::valueOf).toList();
                    SlurmCli.QueueEntry entry = new SlurmCli.QueueEntry(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
                    queue.put(entry.taskId(), entry);
                }
            }
        }
        if (map.get("departed") instanceof Map) {
            ((Map<String, Object>) map.get("departed")).forEach((task, at) -> departed.put(task, number(at)));
        }
        if (map.get("accounting") instanceof Map) {
            ((Map<String, Object>) map.get("accounting")).forEach((task, item) -> {
                if (item instanceof List && ((List<Object>) item).size() == 3) {
                    List<Object> f = (List<Object>) item;
                    accounting.put(task, new Accounted(new SlurmCli.AccountingEntry(task, String.valueOf(f.get(0)),
                            String.valueOf(f.get(1))), number(f.get(2))));
                }
            });
        }
    }

    private void write() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("taken", taken);
        map.put("tried", tried);
        map.put("problem", problem);
        map.put("accounted", accounted);
        List<Object> tasks = new ArrayList<>();
        for (SlurmCli.QueueEntry e : queue.values()) {
            tasks.add(List.of(e.arrayJob(), e.task(), e.state(), e.reason(), e.end(), e.limit()));
        }
        map.put("queue", tasks);
        map.put("departed", departed);
        Map<String, Object> accounts = new LinkedHashMap<>();
        accounting.forEach((task, a) -> accounts.put(task, List.of(a.entry().state(), a.entry().exitCode(), a.at())));
        map.put("accounting", accounts);
        try {
            Files.createDirectories(file.getParent());
            Json.writeAtomically(file, map);
        } catch (IOException | RuntimeException e) {
            // A state folder that cannot be written costs the sharing: the next command asks again.
        }
    }

    private static long number(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}
