package io.liftoff.launch;

import io.liftoff.inspect.Eta;
import io.liftoff.store.RunFolder;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * What the launcher tells the user while it works: on a terminal, one live line (done / running /
 * crashed / pending, elapsed, ETA) with a line of its own for each crash; elsewhere, a timestamped
 * line per event, for log files.
 */
final class Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintWriter out;
    private final boolean live;
    private final Ansi ansi;
    private final long startMillis = System.currentTimeMillis();
    private final Map<RunFolder, Long> running = new java.util.HashMap<>();
    private double durationSum;
    private int done;
    private int crashed;
    private long pending;
    private int capacity = 1;
    private int liveWidth;

    Progress(PrintWriter out, boolean live, Ansi ansi) {
        this.out = out;
        this.live = live;
        this.ansi = ansi;
    }

    void setPending(long pending) {
        this.pending = pending;
    }

    void setCapacity(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** A line of its own, kept in the scroll-back (above the live line on a terminal). */
    void say(String line) {
        clearLive();
        out.println(live ? ansi.string(line) : CLOCK.format(LocalDateTime.now()) + " " + Ansi.OFF.string(line));
        drawLive();
    }

    void started(RunFolder run, Slots.Slot slot, long pid) {
        running.put(run, System.currentTimeMillis());
        if (!live) {
            say("start " + run.name() + " (pid " + pid + (slot.gpu() != null ? ", GPU " + slot.gpu() : "") + ")");
        } else {
            drawLive();
        }
    }

    void ended(RunFolder run, int exitCode, String errPath) {
        Long began = running.remove(run);
        double seconds = began == null ? 0 : (System.currentTimeMillis() - began) / 1000.0;
        durationSum += seconds;
        if (exitCode == 0) {
            done++;
            if (!live) {
                say("done  " + run.name() + " in " + String.format("%.1fs", seconds) + " · " + counts());
            }
        } else {
            crashed++;
            say("@|red crash|@ " + run.name() + " " + Exits.describe(exitCode) + " after " + String.format("%.1fs", seconds)
                    + " (see " + errPath + ")" + (live ? "" : " · " + counts()));
        }
        drawLive();
    }

    void tick() {
        drawLive();
    }

    void close() {
        clearLive();
        out.flush();
    }

    String counts() {
        return done + " done, " + running.size() + " running, " + crashed + " crashed, " + pending + " pending, "
                + Eta.format((System.currentTimeMillis() - startMillis) / 1000) + " elapsed, ETA " + Eta.format(eta());
    }

    private long eta() {
        int finished = done + crashed;
        List<Long> elapsed = new ArrayList<>();
        long now = System.currentTimeMillis();
        running.values().forEach(t -> elapsed.add((now - t) / 1000));
        return Eta.estimate(finished == 0 ? -1 : durationSum / finished, elapsed, pending, capacity);
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
