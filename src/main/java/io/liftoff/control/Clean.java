package io.liftoff.control;

import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.RunFolder;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes crashed, lost and aborted runs runnable again. liftoff's own files of the attempt (out, err
 * and markers) move to {@code .__attempts/N/} in the run folder; whatever the script wrote there
 * (checkpoints) stays, so a rerun can resume from it; a line in {@code .__journal} says what was
 * done. Running, done and pending runs are never touched.
 */
public final class Clean {
    /** A run to reset, and why it may be. */
    public record Reset(RunFolder run, RunState state, Integer exitCode) {
    }

    /** A run that looks resettable but still has live processes (its wrapper died, its workers did not). */
    public record Busy(RunFolder run, int processes) {
    }

    public record Plan(Experiment experiment, List<Reset> resets, List<Busy> busy) {
    }

    private static final DateTimeFormatter JOURNAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private Clean() {
    }

    public static Plan plan(Experiment experiment, boolean crashedOnly) {
        List<Reset> resets = new ArrayList<>();
        List<Busy> busy = new ArrayList<>();
        for (RunView view : StatusScanner.scan(experiment, true).runs()) {
            RunState state = view.state();
            boolean wanted = state == RunState.CRASHED || !crashedOnly && (state == RunState.LOST || state == RunState.ABORTED);
            if (!wanted) {
                continue;
            }
            if (view.process() != null && view.process().isLocal()) {
                int alive = ProcessTree.of(view.process()).alive().size();
                if (alive > 0) {
                    busy.add(new Busy(view.run(), alive));
                    continue;
                }
            }
            resets.add(new Reset(view.run(), state, view.exitCode()));
        }
        return new Plan(experiment, resets, busy);
    }

    /** Resets one run; returns the attempt folder its files went to. */
    public static Path apply(Reset reset) throws IOException {
        RunFolder run = reset.run();
        Path attempts = run.marker(Layout.ATTEMPTS);
        Files.createDirectories(attempts);
        Path attempt = null;
        for (int n = 1; attempt == null; n++) {
            Path candidate = attempts.resolve(Integer.toString(n));
            if (!Files.exists(candidate)) {
                attempt = Files.createDirectory(candidate);
            }
        }
        String[] names = run.path().toFile().list();
        for (String name : names == null ? new String[0] : names) {
            if (isAttemptFile(name)) {
                Files.move(run.marker(name), attempt.resolve(name));
            }
        }
        String line = JOURNAL_TIME.format(LocalDateTime.now()) + " liftoff-clean: reset a " + reset.state().label() + " run"
                + (reset.exitCode() != null ? " (exit " + reset.exitCode() + ")" : "") + "; its out, err and markers are in "
                + Layout.ATTEMPTS + "/" + attempt.getFileName() + ", the script's own files were kept\n";
        Files.writeString(run.marker(Layout.JOURNAL), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        // Last: without its lock the run is runnable again.
        Files.deleteIfExists(run.marker(Layout.LOCK));
        return attempt;
    }

    /** liftoff's own files of one attempt: what a rerun must not find. */
    private static boolean isAttemptFile(String name) {
        return name.equals(Layout.OUT) || name.equals(Layout.ERR) || name.equals(Layout.START) || name.equals(Layout.END)
                || name.equals(Layout.CRASH) || name.equals(Layout.ABORTED) || name.equals(Layout.LAUNCH)
                || name.startsWith(Layout.RECLAIM_PREFIX);
    }
}
