package io.liftoff.report;

import io.liftoff.report.Lanes.Group;
import io.liftoff.report.Lanes.Lane;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things go in the timeline's SVG, in CSS pixels from its top-left corner. The page puts that
 * corner at ({@link #PAGE_X}, {@link #PAGE_Y}) whatever the fonts, so a screenshot can be checked
 * against these numbers.
 */
final class Chart {
    static final int PAGE_X = 24;
    static final int HEADER_TOP = 16;
    static final int HEADER_HEIGHT = 84;
    static final int PAGE_Y = HEADER_TOP + HEADER_HEIGHT;

    static final int WIDTH = 1340;
    static final int PLOT_LEFT = 150;
    static final int PLOT_RIGHT = WIDTH - 36;
    static final int LEGEND_HEIGHT = 34;
    static final int LANES_TOP = LEGEND_HEIGHT + 16;
    static final int GROUP_GAP = 10;
    static final int AXIS_HEIGHT = 44;

    /** Past this many lanes, lanes get thin and only groups are labelled. */
    static final int MANY_LANES = 40;

    private final Lanes lanes;
    private final long startMillis;
    private final long spanMillis;
    private final int pitch;
    private final int barHeight;
    private final List<Integer> laneTops = new ArrayList<>();
    private final int lanesBottom;

    Chart(Lanes lanes) {
        this.lanes = lanes;
        this.startMillis = lanes.startMillis();
        this.spanMillis = Math.max(1000, lanes.endMillis() - lanes.startMillis());
        int count = lanes.lanes().size();
        this.pitch = count <= MANY_LANES ? 24 : count <= 2 * MANY_LANES ? 12 : 8;
        this.barHeight = count <= MANY_LANES ? 18 : pitch - 2;
        int y = LANES_TOP;
        for (Group group : lanes.groups()) {
            for (int i = 0; i < group.lanes().size(); i++) {
                laneTops.add(y);
                y += pitch;
            }
            y += GROUP_GAP;
        }
        this.lanesBottom = y - GROUP_GAP;
    }

    Lanes lanes() {
        return lanes;
    }

    List<Lane> laneList() {
        return lanes.lanes();
    }

    boolean labelsEachLane() {
        return pitch >= 24;
    }

    int pitch() {
        return pitch;
    }

    int barHeight() {
        return barHeight;
    }

    /** Top of lane {@code index} (in {@link Lanes#lanes()} order); its bars span barHeight from there. */
    int laneTop(int index) {
        return laneTops.get(index) + (pitch - barHeight) / 2;
    }

    int bandTop(int index) {
        return laneTops.get(index);
    }

    int lanesBottom() {
        return lanesBottom;
    }

    int height() {
        return lanesBottom + AXIS_HEIGHT;
    }

    double x(long millis) {
        return PLOT_LEFT + (double) (millis - startMillis) * (PLOT_RIGHT - PLOT_LEFT) / spanMillis;
    }

    long startMillis() {
        return startMillis;
    }

    long endMillis() {
        return startMillis + spanMillis;
    }

    int maxTicks() {
        return (PLOT_RIGHT - PLOT_LEFT) / 110;
    }
}
