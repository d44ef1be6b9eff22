package io.liftoff.store;

import io.liftoff.process.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The experiment's {@code .__aborts}: how many times liftoff-abort ran on it, when last and from which
 * host. A launcher stops launching when the count changed since its session began, or when an abort
 * on its host came after its own process started (it was still starting while the abort ran). A mark
 * dated in the future (this host's clock was set back since) says nothing about when it was made: only
 * its count matters then, so it never stops launchers for good.
 */
public record AbortMark(long generation, long millis, String host) {
    public static final AbortMark NONE = new AbortMark(0, -1, "");
    /** How far ahead of now a mark may be dated and still be believed (clocks step by a little). */
    private static final long SLACK_MILLIS = 5000;

    public static AbortMark read(Path experiment) {
        java.util.List<String> lines = Markers.lines(experiment.resolve(Layout.ABORTS));
        if (lines.isEmpty()) {
            return NONE;
        }
        return new AbortMark(Markers.number(lines, 0, 0), Markers.number(lines, 1, -1), Markers.text(lines, 2));
    }

    /** Counts one more abort, now, from this host; readers see the old mark or the new one. */
    public static void next(Path experiment) throws IOException {
        AbortMark previous = read(experiment);
        Path file = experiment.resolve(Layout.ABORTS);
        Path fresh = file.resolveSibling(Layout.ABORTS + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(fresh, (previous.generation + 1) + "\n" + System.currentTimeMillis() + "\n" + Host.name() + "\n",
                StandardCharsets.UTF_8);
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether this mark stops a launcher that saw {@code atStart} when its session began and whose process started at {@code processStart}. */
    public boolean stops(AbortMark atStart, long processStartMillis) {
        return generation != atStart.generation || Host.name().equals(host) && millis >= processStartMillis
                && millis <= System.currentTimeMillis() + SLACK_MILLIS;
    }
}
