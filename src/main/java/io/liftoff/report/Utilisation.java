package io.liftoff.report;

import io.liftoff.report.Lanes.Bar;
import io.liftoff.report.Lanes.Group;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well one GPU (or the CPU slots) was used over the experiment's wall time, the span from the
 * first run's start to the last run's end (or to now while runs go), the same span for every GPU.
 *
 * @param label {@code GPU 0}, {@code CPU} or {@code no GPU}
 * @param slots its lanes: its cap, or more when more runs overlapped on it
 * @param runs bars drawn on it
 * @param busyMillis time with at least one run on it (the union of its bars)
 * @param slotMillis run time on it (the sum of its bars)
 * @param wallMillis the experiment's wall time
 */
public record Utilisation(String label, int slots, int runs, long busyMillis, long slotMillis, long wallMillis) {

    /** Busy time over wall time: the share of the experiment during which it ran anything. */
    public double busy() {
        return wallMillis <= 0 ? 0 : (double) busyMillis / wallMillis;
    }

    /** Run time over wall time times slots: the share of its slots that were filled. */
    public double slotUse() {
        return wallMillis <= 0 || slots == 0 ? 0 : (double) slotMillis / ((double) wallMillis * slots);
    }

    public static List<Utilisation> of(Lanes lanes) {
        long wall = lanes.endMillis() - lanes.startMillis();
        List<Utilisation> result = new ArrayList<>();
        for (Group group : lanes.groups()) {
            List<Bar> bars = group.bars();
            long slotMillis = 0;
            for (Bar bar : bars) {
                slotMillis += bar.millis();
            }
            result.add(new Utilisation(group.label(), group.lanes().size(), bars.size(), union(bars), slotMillis, wall));
        }
        return result;
    }

    private static long union(List<Bar> bars) {
        List<Bar> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparingLong(Bar::startMillis));
        long total = 0;
        long from = Long.MIN_VALUE;
        long to = Long.MIN_VALUE;
        for (Bar bar : sorted) {
            if (bar.startMillis() > to) {
                total += to - from;
                from = bar.startMillis();
                to = bar.endMillis();
            } else {
                to = Math.max(to, bar.endMillis());
            }
        }
        return total + (to - from);
    }
}
