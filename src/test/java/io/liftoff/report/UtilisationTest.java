package io.liftoff.report;

import static io.liftoff.report.Timelines.MINUTE;
import static io.liftoff.report.Timelines.T0;
import static io.liftoff.report.Timelines.ended;
import static io.liftoff.report.Timelines.gpus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.store.RunState;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtilisationTest {

    @Test
    void busyIsTheUnionOverWallTimeAndSlotUseTheSumOverWallTimesSlots() {
        Timeline timeline = Timelines.of(T0 + 40 * MINUTE, gpus(2, 2), 0, List.of(
                ended("a", RunState.DONE, 0, 0, 10, 0),
                ended("b", RunState.CRASHED, 0, 5, 15, 1),
                ended("c", RunState.DONE, 0, 20, 30, 0),
                ended("d", RunState.DONE, 1, 0, 3, 0)), List.of());

        List<Utilisation> rows = Utilisation.of(Lanes.of(timeline));

        Utilisation gpu0 = rows.get(0);
        assertEquals("GPU 0", gpu0.label());
        assertEquals(2, gpu0.slots());
        assertEquals(3, gpu0.runs());
        assertEquals(30 * MINUTE, gpu0.wallMillis(), "first start to last end");
        assertEquals(25 * MINUTE, gpu0.busyMillis(), "0-15 and 20-30");
        assertEquals(30 * MINUTE, gpu0.slotMillis());
        assertEquals(25.0 / 30, gpu0.busy(), 1e-9);
        assertEquals(0.5, gpu0.slotUse(), 1e-9);

        Utilisation gpu1 = rows.get(1);
        assertEquals(0.1, gpu1.busy(), 1e-9);
        assertEquals(0.05, gpu1.slotUse(), 1e-9);
    }

    @Test
    void nothingRunIsNothingUsed() {
        Timeline timeline = Timelines.of(T0, gpus(1, 1), 0, List.of(), List.of());

        Utilisation only = Utilisation.of(Lanes.of(timeline)).get(0);

        assertEquals(0, only.busy());
        assertEquals(0, only.slotUse());
    }
}
