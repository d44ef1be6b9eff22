package io.liftoff.store;

import java.nio.file.Path;

/**
 * One run of a variation: its folder {@code <experiment>/<NNNN_title>/<run_id>} (the script's
 * out_dir, where cfg.yaml, out and err are) and liftoff's records of it beside that folder.
 */
public record Run(Path variationPath, String variation, String id) {
    /** {@code 0003_x_1/2}: how runs are named in listings and logs. */
    public String name() {
        return variation + "/" + id;
    }

    /** The run's folder: the script's out_dir. */
    public Path folder() {
        return variationPath.resolve(id);
    }

    public Path out() {
        return folder().resolve(Layout.OUT);
    }

    public Path err() {
        return folder().resolve(Layout.ERR);
    }

    public Path cfg() {
        return folder().resolve(Layout.CFG);
    }

    /** The run's record: claim, launch, start and end (see {@link RunRecord}). */
    public Path record() {
        return variationPath.resolve(Layout.RUNS).resolve(id);
    }

    public Path hold() {
        return variationPath.resolve(Layout.RUNS).resolve(id + Layout.HOLD_SUFFIX);
    }

    /** The metrics the run reports ({@code $LIFTOFF_METRICS}, see {@link Metrics}): beside its record, out of the script's reach. */
    public Path metrics() {
        return variationPath.resolve(Layout.RUNS).resolve(id + Layout.METRICS_SUFFIX);
    }

    /** Where earlier attempts of the run are kept, one numbered folder each. */
    public Path attempts() {
        return variationPath.resolve(Layout.ATTEMPTS).resolve(id);
    }

    public int number() {
        return Integer.parseInt(id);
    }

    public RunSnapshot snapshot() {
        return RunSnapshot.of(this);
    }
}
