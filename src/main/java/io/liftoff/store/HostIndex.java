package io.liftoff.store;

import io.liftoff.process.Host;
import io.liftoff.process.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What liftoff knows host-wide, so that procs, abort and status find a user's experiments from any
 * folder: {@code $LIFTOFF_STATE_DIR}, else {@code $XDG_STATE_HOME/liftoff}, else
 * {@code ~/.local/state/liftoff}, and in it one folder per host (a home folder shared between hosts
 * keeps each host's entries apart; entries of another host are never pruned from here):
 *
 * <pre>
 * &lt;state&gt;/&lt;host&gt;/experiments/&lt;key&gt;     the folder of an experiment launched from this host
 * &lt;state&gt;/&lt;host&gt;/sessions/&lt;session-id&gt;  the folder of the experiment a live launcher works on
 * &lt;state&gt;/&lt;host&gt;/submissions/&lt;slurm-id&gt;  the folder of an experiment submitted to Slurm from this host
 * &lt;state&gt;/&lt;host&gt;/abort                   launchers the last liftoff-abort without a selection found starting
 * &lt;state&gt;/&lt;host&gt;/slurm-view.json         the last answer of Slurm every command of this host shares (slurm/SlurmView)
 * &lt;state&gt;/&lt;host&gt;/slurm-view.lock         held by the one process refreshing it
 * </pre>
 *
 * Each entry is a small file holding an absolute path, written once; an entry whose experiment
 * folder was deleted is pruned when read, a session's when the session ends (or is found dead), so a
 * deleted folder never breaks a command. Processes of runs whose launcher has gone are found through
 * their environment instead ({@code LIFTOFF_EXPERIMENT_DIR}).
 */
public final class HostIndex {
    private static final String EXPERIMENTS = "experiments";
    private static final String SESSIONS = "sessions";
    private static final String SUBMISSIONS = "submissions";
    private static final String ABORT = "abort";

    private final Path dir;

    private HostIndex(Path dir) {
        this.dir = dir;
    }

    /** This host's index in the user's state folder. */
    public static HostIndex local() {
        return in(stateDir());
    }

    /** This host's index in the state folder {@code stateDir}. */
    public static HostIndex in(Path stateDir) {
        return new HostIndex(stateDir.resolve(Layout.sanitize(Host.name())));
    }

    /**
     * Notes the launchers that a liftoff-abort without a selection found still starting (alive, with
     * no session to be seen yet): each stops when it sees itself here ({@link #abortStops}). The
     * caller says so when the index cannot be written.
     */
    public void noteAbort(List<ProcessIdentity> starting) throws IOException {
        Files.createDirectories(dir);
        StringBuilder text = new StringBuilder();
        for (ProcessIdentity launcher : starting) {
            text.append(launcher.pid()).append(' ').append(launcher.startTicks()).append('\n');
        }
        Path fresh = dir.resolve(".tmp-" + ABORT + "-" + ProcessHandle.current().pid());
        Files.writeString(fresh, text, StandardCharsets.UTF_8);
        Files.move(fresh, dir.resolve(ABORT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the last liftoff-abort without a selection found this launcher still starting. */
    public boolean abortStops(ProcessIdentity launcher) {
        return Markers.lines(dir.resolve(ABORT)).contains(launcher.pid() + " " + launcher.startTicks());
    }

    /** The shared view of Slurm's queue and accounting, and the lock its refresher holds. */
    public Path slurmView() {
        return dir.resolve("slurm-view.json");
    }

    public Path slurmViewLock() {
        return dir.resolve("slurm-view.lock");
    }

    /** The user's state folder (without the host part); runs get it as LIFTOFF_STATE_DIR. */
    public static Path stateDir() {
        String explicit = System.getenv(io.liftoff.process.LiveProcesses.STATE_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "liftoff");
        }
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".local", "state", "liftoff");
    }

    /** Notes an experiment folder; an index that cannot be written costs only host-wide discovery. */
    public void addExperiment(Path experiment) {
        write(dir.resolve(EXPERIMENTS), key(experiment), experiment);
    }

    public void addSession(String sessionId, Path experiment) {
        write(dir.resolve(SESSIONS), sessionId, experiment);
    }

    public void addSubmission(String submissionId, Path experiment) {
        write(dir.resolve(SUBMISSIONS), submissionId, experiment);
    }

    /** Experiments submitted to Slurm from this host (an entry goes with its experiment folder). */
    public List<Path> submissions() {
        return read(dir.resolve(SUBMISSIONS));
    }

    public void removeSession(String sessionId) {
        try {
            Files.deleteIfExists(dir.resolve(SESSIONS).resolve(sessionId));
        } catch (IOException e) {
            // pruned when next read: its session is dead
        }
    }

    /** Experiment folders known on this host (pruning those that were deleted), oldest entry first. */
    public List<Path> experiments() {
        return read(dir.resolve(EXPERIMENTS));
    }

    /** Experiment folders that live sessions of this host work on, with their session ids. */
    public List<SessionEntry> sessions() {
        List<SessionEntry> entries = new ArrayList<>();
        Path folder = dir.resolve(SESSIONS);
        String[] names = folder.toFile().list();
        for (String name : names == null ? new String[0] : names) {
            Path experiment = readEntry(folder.resolve(name));
            if (experiment != null) {
                entries.add(new SessionEntry(name, experiment));
            }
        }
        return entries;
    }

    /** A live session's entry: the session and the experiment it works on. */
    public record SessionEntry(String sessionId, Path experiment) {
    }

    private static List<Path> read(Path folder) {
        Set<Path> paths = new LinkedHashSet<>();
        String[] names = folder.toFile().list();
        if (names == null) {
            return new ArrayList<>();
        }
        java.util.Arrays.sort(names);
        for (String name : names) {
            Path experiment = readEntry(folder.resolve(name));
            if (experiment != null) {
                paths.add(experiment);
            }
        }
        return new ArrayList<>(paths);
    }

    /** The experiment an entry names, or null (and the entry pruned) when that folder has gone. */
    private static Path readEntry(Path entry) {
        try {
            Path experiment = Path.of(Files.readString(entry, StandardCharsets.UTF_8).strip());
            if (Experiment.isExperiment(experiment)) {
                return experiment;
            }
            Files.deleteIfExists(entry);
        } catch (IOException | RuntimeException e) {
            // being written, or unreadable: skipped this time
        }
        return null;
    }

    private static void write(Path folder, String name, Path experiment) {
        try {
            Files.createDirectories(folder);
            Path entry = folder.resolve(name);
            if (Files.exists(entry)) {
                return;
            }
            Path fresh = folder.resolve(".tmp-" + name + "-" + ProcessHandle.current().pid());
            Files.writeString(fresh, experiment.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
            Files.move(fresh, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // a state folder that cannot be written costs only host-wide discovery
        }
    }

    /** An entry's file name: the folder's name and a hash of its full path (two results folders may hold one name). */
    private static String key(Path experiment) {
        String path = experiment.toAbsolutePath().normalize().toString();
        String name = Layout.sanitize(experiment.getFileName().toString());
        if (name.length() > 180) {
            name = name.substring(0, 180);
        }
        return name + "-" + Integer.toHexString(path.hashCode() & 0x7fffffff);
    }
}
