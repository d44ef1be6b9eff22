package io.liftoff.launch;

import io.liftoff.Display;
import io.liftoff.store.Run;
import io.liftoff.store.RunState;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * What the launcher tells the user while it works: on a terminal, one live line (done / running /
 * crashed / pending, elapsed, ETA) with a line of its own for each crash; elsewhere, a timestamped
 * line per event, for log files. The ETA is the one liftoff-status shows ({@link Eta}).
 */
public final class Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintWriter out;
    private final boolean live;
    private final Ansi ansi;
    private final long startMillis = System.currentTimeMillis();
    private final Map<Run, Long> running = new HashMap<>();
    /** The runs that ended, summed up once each (the ETA adds the running ones at each look). */
    private final Eta durations = new Eta();
    /** How the runs this launcher saw end ended, by the states status shows ({@link RunState}). */
    private final Map<RunState, Integer> ended = new EnumMap<>(RunState.class);
    private long pending;
    private int liveWidth;

    public Progress(PrintWriter out, boolean live, Ansi ansi) {
        this.out = out;
        this.live = live;
        this.ansi = ansi;
    }

    public void setPending(long pending) {
        this.pending = pending;
    }

    /** A line of its own, kept in the scroll-back (above the live line on a terminal). */
    public synchronized void say(String line) {
        clearLive();
        out.println(live ? ansi.string(line) : CLOCK.format(LocalDateTime.now()) + " " + Display.plain(line));
        drawLive();
    }

    /** The wrapper reported the run's start; {@code note} says more (a retry, a take-over). */
    public synchronized void started(Run run, long pid, String gpu, String note) {
        running.put(run, System.currentTimeMillis());
        if (!live) {
            say("start " + run.name() + " (pid " + pid + (gpu != null ? ", GPU " + gpu : "") + ")"
                    + (note == null ? "" : " " + note));
        } else {
            drawLive();
        }
    }

    /**
     * A run ended in {@code state}; {@code retrying}: it failed and starts again at once, so it is
     * counted only when its last attempt ends.
     */
    public synchronized void ended(Run run, RunState state, int exitCode, boolean retrying, String errPath) {
        Long began = running.remove(run);
        long now = System.currentTimeMillis();
        double seconds = began == null ? 0 : (now - began) / 1000.0;
        durations.add(began == null ? now : began, now, state == RunState.DONE, now);
        if (!retrying) {
            ended.merge(state, 1, Integer::sum);
        }
        if (state == RunState.DONE) {
            if (!live) {
                say("done  " + run.name() + " in " + String.format("%.1fs", seconds) + " · " + counts());
            }
        } else if (state == RunState.PRUNED) {
            // Stopped by early stopping: not a failure, so no exit code or err to look at.
            say("@|yellow pruned|@ " + run.name() + " after " + String.format("%.1fs", seconds) + (live ? "" : " · " + counts()));
        } else {
            String what = state == RunState.CRASHED ? "crash" : state.label();
            say("@|red " + what + "|@ " + run.name() + " " + (exitCode < 0 ? "with no exit recorded (its wrapper was killed)" : Exits.describe(exitCode))
                    + " after " + String.format("%.1fs", seconds) + (retrying ? ", retrying" : "") + " (see " + errPath + ")"
                    + (live ? "" : " · " + counts()));
        }
        drawLive();
    }

    /** How the runs this launcher saw end ended. */
    public synchronized Map<RunState, Integer> ended() {
        return new EnumMap<>(ended);
    }

    /** The run ended but its end could not be recorded: neither done nor crashed, it just stops running. */
    public synchronized void unrecorded(Run run) {
        running.remove(run);
        drawLive();
    }

    public synchronized void tick() {
        drawLive();
    }

    public synchronized void close() {
        clearLive();
        out.flush();
    }

    String counts() {
        return Display.plain(tally()).replace(" · ", ", ");
    }

    /** done, running, crashed, every other ended state that is not zero, pending, elapsed and the ETA. */
    private String tally() {
        StringBuilder text = new StringBuilder("@|green ").append(count(RunState.DONE)).append(" done|@ · ")
                .append(running.size()).append(" running · ");
        for (RunState state : RunState.values()) {
            int count = count(state);
            if (state.ended() && state != RunState.DONE && (count > 0 || state == RunState.CRASHED)) {
                text.append(count > 0 && state.failed() ? "@|red " + count + " " + state.label() + "|@" : count + " " + state.label())
                        .append(" · ");
            }
        }
        return text.append(pending).append(" pending · ").append(Eta.format((System.currentTimeMillis() - startMillis) / 1000))
                .append(" elapsed · ETA ").append(Eta.format(eta())).toString();
    }

    private int count(RunState state) {
        return ended.getOrDefault(state, 0);
    }

    private long eta() {
        long now = System.currentTimeMillis();
        Eta eta = durations.copy();
        running.values().forEach(start -> eta.add(start, -1, false, now));
        return eta.estimate(pending, true, now);
    }

    private void drawLive() {
        if (!live) {
            return;
        }
        String text = "@|bold liftoff|@ " + tally();
        String plain = Display.plain(text);
        int pad = Math.max(0, liveWidth - plain.length());
        out.print("\r" + ansi.string(text) + " ".repeat(pad));
        out.flush();
        liveWidth = plain.length();
    }

    private void clearLive() {
        if (live && liveWidth > 0) {
            out.print("\r" + " ".repeat(liveWidth) + "\r");
            liveWidth = 0;
        }
    }
}
