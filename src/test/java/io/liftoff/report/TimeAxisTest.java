package io.liftoff.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeAxisTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theStepIsTheSmallestRoundOneThatFits() {
        assertEquals(1000, TimeAxis.stepMillis(8_000, 10));
        assertEquals(10 * 60_000, TimeAxis.stepMillis(3600_000, 10));
        assertEquals(3600_000, TimeAxis.stepMillis(8 * 3600_000, 10));
        assertEquals(86400_000, TimeAxis.stepMillis(5 * 86400_000L, 10));
        assertEquals(2 * 7 * 86400_000L, TimeAxis.stepMillis(120 * 86400_000L, 10));
    }

    @Test
    void ticksFallOnRoundTimesOfTheLocalClock() {
        // 09:07:30 UTC is 14:37:30 in Kolkata (+05:30): ticks every 10 minutes at 14:40, 14:50, ...
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(at("2025-03-14T09:07:30Z"), at("2025-03-14T10:07:30Z"), KOLKATA, 10);

        assertEquals(List.of("14:40", "14:50", "15:00", "15:10", "15:20", "15:30"),
                ticks.stream().map(TimeAxis.Tick::label).toList());
        assertEquals(at("2025-03-14T09:10:00Z"), ticks.get(0).millis());
    }

    @Test
    void shortSpansShowSecondsAndTheDateShowsWhereTheDayChanges() {
        List<TimeAxis.Tick> seconds = TimeAxis.ticks(at("2025-03-14T09:00:00.500Z"), at("2025-03-14T09:00:04Z"),
                ZoneId.of("UTC"), 10);
        assertEquals("09:00:01", seconds.get(0).label());

        List<TimeAxis.Tick> night = TimeAxis.ticks(at("2025-03-14T21:00:00Z"), at("2025-03-15T03:00:00Z"),
                ZoneId.of("UTC"), 7);
        assertEquals(List.of("21:00", "22:00", "23:00", "00:00", "01:00", "02:00", "03:00"),
                night.stream().map(TimeAxis.Tick::label).toList());
        assertEquals("Fri 14 Mar", night.get(0).date());
        assertNull(night.get(1).date());
        assertEquals("Sat 15 Mar", night.get(3).date());
    }
}
