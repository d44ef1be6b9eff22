package io.liftoff.store;

import java.nio.file.Path;

/** Lets tests remove a folder the way liftoff does. */
public final class ExperimentWriterTestAccess {
    private ExperimentWriterTestAccess() {
    }

    public static void deleteTree(Path root) {
        ExperimentWriter.deleteTree(root);
    }
}
