package io.liftoff.store;

import java.nio.file.Path;

/** A run's folder: {@code <experiment>/<NNNN_title>/<run_id>}. */
public record RunFolder(Path path, String variation, String id) {
    /** {@code 0003_x_1/2}: how runs are named in listings and logs. */
    public String name() {
        return variation + "/" + id;
    }

    public Path marker(String name) {
        return path.resolve(name);
    }

    public RunSnapshot snapshot() {
        return RunSnapshot.of(this);
    }
}
