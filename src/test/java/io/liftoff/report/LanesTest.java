package io.liftoff.report;

import static io.liftoff.report.Timelines.MINUTE;
import static io.liftoff.report.Timelines.T0;
import static io.liftoff.report.Timelines.ended;
import static io.liftoff.report.Timelines.gpus;
import static io.liftoff.report.Timelines.pending;
import static io.liftoff.report.Timelines.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.report.Lanes.Bar;
import io.liftoff.report.Lanes.Group;
import io.liftoff.report.Lanes.Lane;
import io.liftoff.report.Timeline.Gpu;
import io.liftoff.report.Timeline.Run;
import io.liftoff.store.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LanesTest {

    private static Lanes lanes(List<Gpu> gpus, int cpuSlots, Run... runs) {
        return Lanes.of(Timelines.of(T0 + 100 * MINUTE, gpus, cpuSlots, List.of(runs), List.of()));
    }

    private static List<String> names(Lane lane) {
        return lane.bars().stream().map(bar -> bar.run().name()).toList();
    }

    @Test
    void eachRunTakesTheLowestLaneFreeAtItsStart() {
        Lanes lanes = lanes(gpus(1, 1),  0,
                ended("a", RunState.DONE, 0, 0, 10, 0),
                ended("b", RunState.DONE, 0, 2, 5, 0),
                ended("c", RunState.DONE, 0, 6, 12, 0),
                ended("d", RunState.DONE, 0, 11, 20, 0),
                ended("e", RunState.DONE, 0, 12, 13, 0));

        List<Lane> result = lanes.lanes();
        assertEquals(2, result.size(), "two runs at most overlapped");
        assertEquals(List.of("a", "d"), names(result.get(0)));
        assertEquals(List.of("b", "c", "e"), names(result.get(1)), "c reuses the lane b left; e starts as c ends");
        assertEquals("GPU 0 · slot 1", result.get(0).label());
        assertEquals("GPU 0 · slot 2", result.get(1).label());
    }

    @Test
    void barsOnALaneNeverOverlapAndLanesAreAsManyAsTheMostOverlappingRuns() {
        Random random = new Random(3);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long start = random.nextInt(1000);
            runs.add(ended("r" + i, RunState.DONE, random.nextInt(3), start, start + 1 + random.nextInt(60), 0));
        }
        Lanes lanes = lanes(gpus(3, 1), 0, runs.toArray(Run[]::new));

        for (Group group : lanes.groups()) {
            for (Lane lane : group.lanes()) {
                for (int i = 1; i < lane.bars().size(); i++) {
                    assertTrue(lane.bars().get(i - 1).endMillis() <= lane.bars().get(i).startMillis(), lane.label());
                }
            }
            assertEquals(mostOverlapping(group.bars()), group.lanes().size(), group.label());
        }
        assertEquals(500, lanes.lanes().stream().mapToInt(lane -> lane.bars().size()).sum());
    }

    private static int mostOverlapping(List<Bar> bars) {
        int most = 0;
        for (Bar bar : bars) {
            long t = bar.startMillis();
            int at = (int) bars.stream().filter(other -> other.startMillis() <= t && t < other.endMillis()).count();
            most = Math.max(most, at);
        }
        return most;
    }

    @Test
    void aGpuShowsAtLeastItsCapEvenIdleAndListedGpusComeFirst() {
        Lanes lanes = lanes(List.of(new Gpu(2, 2), new Gpu(0, 2)), 0,
                ended("a", RunState.DONE, 0, 0, 10, 0),
                ended("b", RunState.DONE, 7, 0, 10, 0),
                ended("c", RunState.DONE, 5, 0, 10, 0));

        List<String> groups = lanes.groups().stream().map(Group::label).toList();
        assertEquals(List.of("GPU 2", "GPU 0", "GPU 5", "GPU 7"), groups, "unlisted GPUs after, in order");
        assertEquals(2, lanes.groups().get(0).lanes().size(), "an idle GPU keeps its slots");
        assertTrue(lanes.groups().get(0).bars().isEmpty());
        assertEquals(2, lanes.groups().get(1).lanes().size());
        assertEquals(1, lanes.groups().get(2).lanes().size());
    }

    @Test
    void runsWithoutAGpuBesideGpusGetTheirOwnGroup() {
        Lanes lanes = lanes(gpus(1, 1), 0,
                ended("a", RunState.DONE, 0, 0, 10, 0),
                ended("b", RunState.DONE, null, 0, 10, 0));

        assertEquals(List.of("GPU 0", "no GPU"), lanes.groups().stream().map(Group::label).toList());
        assertEquals("no GPU · slot 1", lanes.lanes().get(1).label());
    }

    @Test
    void gpusOfTheRunsCountWhenTheListIsMissing() {
        Lanes lanes = lanes(List.of(), 4,
                ended("a", RunState.DONE, 1, 0, 10, 0),
                ended("b", RunState.DONE, null, 0, 10, 0));

        assertEquals(List.of("GPU 1", "no GPU"), lanes.groups().stream().map(Group::label).toList());
        assertFalse(lanes.cpuOnly());
    }

    @Test
    void withoutGpusLanesAreCpuSlots() {
        Lanes lanes = lanes(List.of(), 3,
                ended("a", RunState.DONE, null, 0, 10, 0),
                ended("b", RunState.DONE, null, 1, 10, 0));

        assertEquals(1, lanes.groups().size());
        assertTrue(lanes.cpuOnly());
        assertEquals(List.of("CPU · slot 1", "CPU · slot 2", "CPU · slot 3"),
                lanes.lanes().stream().map(Lane::label).toList(), "as many lanes as the parallelism");
    }

    @Test
    void runsThatNeverStartedHaveNoBarAndRunningOnesReachNow() {
        long now = T0 + 100 * MINUTE;
        Lanes lanes = lanes(gpus(1, 1), 0,
                pending("p"),
                run("q", RunState.QUEUED, 0, -1, -1, null),
                run("r", RunState.RUNNING, 0, T0 + 50 * MINUTE, -1, null),
                ended("lost", RunState.LOST, 0, 10, -1, null));

        List<Bar> bars = lanes.groups().get(0).bars();
        assertEquals(2, bars.size());
        Bar running = bars.stream().filter(Bar::open).findFirst().orElseThrow();
        assertEquals(now, running.endMillis());
        Bar lost = bars.stream().filter(bar -> bar.run().state() == RunState.LOST).findFirst().orElseThrow();
        assertEquals(0, lost.millis(), "an unknown end draws no length");
        assertEquals(T0 + 10 * MINUTE, lanes.startMillis());
        assertEquals(now, lanes.endMillis());
    }

    @Test
    void withoutAnyStartTheSpanIsTheReportTime() {
        Lanes lanes = lanes(gpus(2, 1), 0, pending("p"));

        assertEquals(T0 + 100 * MINUTE, lanes.startMillis());
        assertEquals(lanes.startMillis(), lanes.endMillis());
        assertEquals(2, lanes.lanes().size());
    }
}
