package io.liftoff.config;

import java.util.Set;

/** The keys liftoff adds to a run's cfg.yaml (DESIGN §3); they never count in a variation's identity. */
public final class MetaKeys {
    public static final String OUT_DIR = "out_dir";
    public static final String RUN_ID = "run_id";
    public static final String CFG_ID = "cfg_id";
    public static final String TITLE = "title";
    public static final String FULL_TITLE = "full_title";
    public static final String EXPERIMENT_ARGUMENTS = "experiment_arguments";
    public static final String COMMENT = "comment";

    public static final Set<String> ALL =
            Set.of(OUT_DIR, RUN_ID, CFG_ID, TITLE, FULL_TITLE, EXPERIMENT_ARGUMENTS, COMMENT);

    private MetaKeys() {
    }
}
