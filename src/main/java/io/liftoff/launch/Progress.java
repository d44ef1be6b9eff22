package io.liftoff.launch;

import io.liftoff.inspect.Eta;
import io.liftoff.store.Run;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
    private final Eta ended = new Eta();
    private int done;
    private int crashed;
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
        out.println(live ? ansi.string(line) : CLOCK.format(LocalDateTime.now()) + " " + Ansi.OFF.string(line));
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

    public synchronized void ended(Run run, int exitCode, String how, String errPath) {
        Long began = running.remove(run);
        long now = System.currentTimeMillis();
        double seconds = began == null ? 0 : (now - began) / 1000.0;
        ended.add(began == null ? now : began, now, exitCode == 0, now);
        if (exitCode == 0) {
            done++;
            if (!live) {
                say("done  " + run.name() + " in " + String.format("%.1fs", seconds) + " · " + counts());
            }
        } else {
            crashed++;
            say("@|red " + (how == null ? "crash" : how) + "|@ " + run.name() + " " + Exits.describe(exitCode) + " after "
                    + String.format("%.1fs", seconds) + " (see " + errPath + ")" + (live ? "" : " · " + counts()));
        }
        drawLive();
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
        return done + " done, " + running.size() + " running, " + crashed + " crashed, " + pending + " pending, "
                + Eta.format((System.currentTimeMillis() - startMillis) / 1000) + " elapsed, ETA " + Eta.format(eta());
    }

    private long eta() {
        long now = System.currentTimeMillis();
        Eta eta = ended.copy();
        running.values().forEach(start -> eta.add(start, -1, false, now));
        return eta.estimate(pending, true, now);
    }

    private void drawLive() {
        if (!live) {
            return;
        }
        String text = "@|bold liftoff|@ " + "@|green " + done + " done|@ · " + running.size() + " running · "
                + (crashed > 0 ? "@|red " + crashed + " crashed|@" : "0 crashed") + " · " + pending + " pending · "
                + Eta.format((System.currentTimeMillis() - startMillis) / 1000) + " elapsed · ETA " + Eta.format(eta());
        String plain = Ansi.OFF.string(text);
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
