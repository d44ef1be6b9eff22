package io.liftoff.cli;

import io.liftoff.LiftoffException;
import io.liftoff.store.Json;
import java.io.IOException;
import java.io.PrintWriter;

/** {@code --json}: pretty JSON through Jackson, then a newline. */
final class JsonOutput {
    /**
     * The shape of each experiment object of {@code liftoff-status --json} (docs/DESIGN.md §10): a key
     * removed or renamed bumps it, a key added does not.
     */
    static final int STATUS_SCHEMA = 1;
    /** The shape of {@code liftoff-procs --json}'s experiments; 1 was the first release's, with runs inside sessions. */
    static final int PROCS_SCHEMA = 2;

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            Json.write(value, out, true);
            out.println();
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
