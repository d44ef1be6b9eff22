package io.liftoff.report;

import io.liftoff.store.RunState;

/**
 * How a bar looks for each way a run went. Okabe–Ito colours, which colour-blind readers tell apart;
 * the failures also carry a stripe pattern of their own, so they differ in grey too.
 */
enum Outcome {
    DONE("done", 0x009E73, null),
    RUNNING("running", 0x0072B2, null),
    CRASHED("crashed", 0xD55E00, "rotate(45)"),
    TIMED_OUT("timed out", 0xE69F00, "rotate(-45)"),
    ABORTED("aborted", 0xCC79A7, "rotate(90)"),
    LOST("lost", 0x8C8C8C, "rotate(0)"),
    /** Not a failure: no stripes. */
    PRUNED("pruned", 0x56B4E9, null),
    /** Started, yet waiting again (held, queued, requeued): only a store in flux gives these. */
    OTHER("other", 0xC4C4C4, null);

    private final String label;
    private final int rgb;
    private final String stripes;

    Outcome(String label, int rgb, String stripes) {
        this.label = label;
        this.rgb = rgb;
        this.stripes = stripes;
    }

    static Outcome of(RunState state) {
        return switch (state) {
            case DONE -> DONE;
            case RUNNING -> RUNNING;
            case CRASHED -> CRASHED;
            case TIMED_OUT -> TIMED_OUT;
            case ABORTED -> ABORTED;
            case LOST -> LOST;
            case PRUNED -> PRUNED;
            case PENDING, HELD, QUEUED, REQUEUED -> OTHER;
        };
    }

    String label() {
        return label;
    }

    /** The CSS class of its bars and swatches. */
    String css() {
        return name().toLowerCase().replace("_", "");
    }

    int rgb() {
        return rgb;
    }

    String hex() {
        String digits = Integer.toHexString(rgb | 0x1000000).substring(1);
        return "#" + digits.toUpperCase();
    }

    /** The pattern's rotation, or null for a plain fill. */
    String stripes() {
        return stripes;
    }
}
