package io.liftoff.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Ticks of a wall-clock time axis, on round times of the local clock (every 15 minutes at :00, :15, ...). */
final class TimeAxis {
    private static final long[] STEP_SECONDS = {
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
        86400, 2 * 86400, 7 * 86400,
    };
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT);

    /**
     * @param label the time of day
     * @param date the day, on the first tick and where the day changes; otherwise null
     */
    record Tick(long millis, String label, String date) {
    }

    private TimeAxis() {
    }

    /** The step between ticks: the smallest round step that gives at most {@code maxTicks} ticks. */
    static long stepMillis(long spanMillis, int maxTicks) {
        for (long seconds : STEP_SECONDS) {
            if (spanMillis / (seconds * 1000) <= Math.max(1, maxTicks - 1)) {
                return seconds * 1000;
            }
        }
        long week = 7 * 86400_000L;
        long weeks = spanMillis / week / Math.max(1, maxTicks - 1) + 1;
        return weeks * week;
    }

    static List<Tick> ticks(long startMillis, long endMillis, ZoneId zone, int maxTicks) {
        long step = stepMillis(endMillis - startMillis, maxTicks);
        long offset = zone.getRules().getOffset(Instant.ofEpochMilli(startMillis)).getTotalSeconds() * 1000L;
        long first = Math.floorDiv(startMillis + offset + step - 1, step) * step - offset;
        DateTimeFormatter format = step < 60_000 ? SECONDS : MINUTES;
        List<Tick> ticks = new ArrayList<>();
        String lastDay = null;
        for (long t = first; t <= endMillis; t += step) {
            ZonedDateTime time = Instant.ofEpochMilli(t).atZone(zone);
            String day = DAY.format(time);
            String label = step >= 86400_000L ? day : format.format(time);
            String date = step >= 86400_000L || day.equals(lastDay) ? null : day;
            ticks.add(new Tick(t, label, date));
            lastDay = day;
        }
        return ticks;
    }
}
