package io.liftoff.launch;

import java.util.List;

/**
 * Where runs may go: at most {@code procsNo} at once and, with GPUs, at most {@code perGpu[i]} on
 * GPU {@code i}. A new run takes the least loaded GPU (fewest runs, then the earliest listed), so
 * runs spread over the GPUs instead of piling onto GPU 0.
 */
public final class Slots {
    private final int procsNo;
    private final List<String> gpus;
    private final int[] perGpu;
    private final int[] load;
    private int running;

    /** A taken slot: the GPU it pins its run to, or null without GPUs. */
    public record Slot(int gpuIndex, String gpu) {
    }

    public Slots(int procsNo, List<String> gpus, int[] perGpu) {
        this.procsNo = procsNo;
        this.gpus = List.copyOf(gpus);
        this.perGpu = perGpu.clone();
        this.load = new int[gpus.size()];
    }

    /** How many runs can go at once: the smaller of the global cap and the sum of the GPU caps. */
    public int capacity() {
        if (gpus.isEmpty()) {
            return procsNo;
        }
        long sum = 0;
        for (int cap : perGpu) {
            sum += cap;
        }
        return (int) Math.min(procsNo, sum);
    }

    public boolean hasFree() {
        return take(false) != null;
    }

    /** Takes a slot, or returns null when every one is busy. */
    public Slot take() {
        return take(true);
    }

    private Slot take(boolean commit) {
        if (running >= procsNo) {
            return null;
        }
        if (gpus.isEmpty()) {
            if (commit) {
                running++;
            }
            return new Slot(-1, null);
        }
        int best = -1;
        for (int i = 0; i < gpus.size(); i++) {
            if (load[i] < perGpu[i] && (best < 0 || load[i] < load[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        if (commit) {
            running++;
            load[best]++;
        }
        return new Slot(best, gpus.get(best));
    }

    public void release(Slot slot) {
        running--;
        if (slot.gpuIndex() >= 0) {
            load[slot.gpuIndex()]--;
        }
    }

    public int running() {
        return running;
    }
}
