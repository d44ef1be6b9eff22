package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void everyWrittenFormReadsAsSeconds() {
        assertEquals(90, Durations.parse("--timeout", "90"));
        assertEquals(90, Durations.parse("--timeout", "90s"));
        assertEquals(2700, Durations.parse("--timeout", "45m"));
        assertEquals(90, Durations.parse("--timeout", "1.5m"));
        assertEquals(7200, Durations.parse("--timeout", "2h"));
        assertEquals(259200, Durations.parse("--timeout", "3d"));
        assertEquals(5400, Durations.parse("--timeout", "1:30:00"));
        assertEquals(1800, Durations.parse("--timeout", "30:00"));
        assertEquals(0, Durations.parse("--grace", "0"));
        assertEquals("45m", Durations.format(2700));
        assertEquals("2h", Durations.format(7200));
        assertEquals("1.5s", Durations.format(1.5));
    }

    @Test
    void nonsenseNegativeAndAbsurdDurationsAreBadUsage() {
        for (String text : new String[] {"", "-5", "5x", "h", "1:61", "1:30:75", "1e99", "99999999999999999999", "NaN", "Infinity"}) {
            LiftoffException e = assertThrows(LiftoffException.class, () -> Durations.parse("--end-by", text), text);
            assertEquals(ExitCode.USAGE, e.exitCode(), text);
            assertEquals(true, e.getMessage().startsWith("--end-by " + text + ": not a duration"), e.getMessage());
        }
        assertThrows(LiftoffException.class, () -> Durations.positive("--timeout", "0"));
    }
}
