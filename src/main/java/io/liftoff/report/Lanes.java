package io.liftoff.report;

import io.liftoff.report.Timeline.Run;
import io.liftoff.store.RunState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Runs placed on lanes: per GPU (or, without GPUs, for the CPU slots) as many lanes as runs ever
 * overlapped there, at least the GPU's cap, so that bars on one lane never overlap in time.
 */
public final class Lanes {

    /**
     * One run's bar. Running runs reach up to the report's time; a run whose end is unknown (lost,
     * or aborted without an end marker) is a bar of no length.
     */
    public record Bar(Run run, long startMillis, long endMillis) {
        public long millis() {
            return endMillis - startMillis;
        }

        public boolean open() {
            return run.state() == RunState.RUNNING;
        }
    }

    /**
     * One slot of a GPU, or a CPU slot.
     *
     * @param label e.g. {@code GPU 0 · slot 1}
     * @param slot 1, 2, ... within its group
     */
    public record Lane(String label, int slot, List<Bar> bars) {
    }

    /**
     * The lanes of one GPU, or the CPU slots.
     *
     * @param gpu the GPU, or null for runs without one
     * @param cpuOnly whether the whole timeline has no GPU (labels say CPU rather than "no GPU")
     */
    public record Group(Integer gpu, boolean cpuOnly, List<Lane> lanes) {
        public String label() {
            return label(gpu, cpuOnly);
        }

        private static String label(Integer gpu, boolean cpuOnly) {
            if (gpu != null) {
                return "GPU " + gpu;
            }
            return cpuOnly ? "CPU" : "no GPU";
        }

        public List<Bar> bars() {
            List<Bar> bars = new ArrayList<>();
            for (Lane lane : lanes) {
                bars.addAll(lane.bars());
            }
            return bars;
        }
    }

    private final List<Group> groups;
    private final boolean cpuOnly;
    private final long startMillis;
    private final long endMillis;

    private Lanes(List<Group> groups, boolean cpuOnly, long startMillis, long endMillis) {
        this.groups = groups;
        this.cpuOnly = cpuOnly;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
    }

    public static Lanes of(Timeline timeline) {
        // GPUs from the runs count too, should the list of GPUs be missing.
        boolean cpuOnly = timeline.gpus().isEmpty()
                && timeline.runs().stream().noneMatch(run -> run.started() && run.gpu() != null);
        // Listed GPUs first and in their order, even idle ones: an idle GPU is what the report must show.
        Map<Integer, List<Bar>> barsByGpu = new LinkedHashMap<>();
        Map<Integer, Integer> caps = new LinkedHashMap<>();
        for (Timeline.Gpu gpu : timeline.gpus()) {
            barsByGpu.putIfAbsent(gpu.id(), new ArrayList<>());
            caps.put(gpu.id(), Math.max(1, gpu.cap()));
        }
        if (cpuOnly) {
            barsByGpu.put(null, new ArrayList<>());
            caps.put(null, Math.max(1, timeline.cpuSlots()));
        }
        List<Integer> unlisted = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Run run : timeline.runs()) {
            if (!run.started()) {
                continue;
            }
            Bar bar = bar(run, timeline.nowMillis());
            Integer gpu = cpuOnly ? null : run.gpu();
            if (!barsByGpu.containsKey(gpu)) {
                barsByGpu.put(gpu, new ArrayList<>());
                caps.put(gpu, 1);
                if (gpu != null) {
                    unlisted.add(gpu);
                }
            }
            barsByGpu.get(gpu).add(bar);
            start = Math.min(start, bar.startMillis());
            end = Math.max(end, bar.endMillis());
        }
        if (start == Long.MAX_VALUE) {
            start = timeline.nowMillis();
            end = timeline.nowMillis();
        }
        List<Group> groups = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (Integer gpu : barsByGpu.keySet()) {
            if (gpu != null && !unlisted.contains(gpu)) {
                order.add(gpu);
            }
        }
        unlisted.sort(Comparator.naturalOrder());
        order.addAll(unlisted);
        if (barsByGpu.containsKey(null)) {
            order.add(null);
        }
        for (Integer gpu : order) {
            groups.add(group(gpu, cpuOnly, caps.get(gpu), barsByGpu.get(gpu)));
        }
        return new Lanes(List.copyOf(groups), cpuOnly, start, end);
    }

    private static Bar bar(Run run, long nowMillis) {
        long start = run.startMillis();
        long end;
        if (run.state() == RunState.RUNNING) {
            end = Math.max(start, nowMillis);
        } else if (run.endMillis() < 0) {
            end = start;
        } else {
            end = Math.max(start, run.endMillis());
        }
        return new Bar(run, start, end);
    }

    /** Interval partitioning: by start time, each bar on the lowest lane that is free by then. */
    private static Group group(Integer gpu, boolean cpuOnly, int minLanes, List<Bar> bars) {
        bars.sort(Comparator.comparingLong(Bar::startMillis).thenComparingLong(Bar::endMillis)
                .thenComparing(bar -> bar.run().name()));
        List<List<Bar>> lanes = new ArrayList<>();
        TreeSet<Integer> free = new TreeSet<>();
        PriorityQueue<long[]> busy = new PriorityQueue<>(Comparator.comparingLong((long[] entry) -> entry[0]));
        for (Bar bar : bars) {
            while (!busy.isEmpty() && busy.peek()[0] <= bar.startMillis()) {
                free.add((int) busy.poll()[1]);
            }
            int lane;
            if (free.isEmpty()) {
                lane = lanes.size();
                lanes.add(new ArrayList<>());
            } else {
                lane = free.pollFirst();
            }
            lanes.get(lane).add(bar);
            busy.add(new long[] {bar.endMillis(), lane});
        }
        while (lanes.size() < minLanes) {
            lanes.add(new ArrayList<>());
        }
        String label = Group.label(gpu, cpuOnly);
        List<Lane> result = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            result.add(new Lane(label + " · slot " + (i + 1), i + 1, List.copyOf(lanes.get(i))));
        }
        return new Group(gpu, cpuOnly, List.copyOf(result));
    }

    public List<Group> groups() {
        return groups;
    }

    /** Whether no run had a GPU: the lanes are CPU slots. */
    public boolean cpuOnly() {
        return cpuOnly;
    }

    public List<Lane> lanes() {
        List<Lane> lanes = new ArrayList<>();
        for (Group group : groups) {
            lanes.addAll(group.lanes());
        }
        return lanes;
    }

    /** The first start of any bar, or the report's time when none started. */
    public long startMillis() {
        return startMillis;
    }

    /** The last end of any bar (the report's time while runs go). */
    public long endMillis() {
        return endMillis;
    }
}
