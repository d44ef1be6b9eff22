package io.liftoff.cli;

import io.liftoff.LiftoffException;
import io.liftoff.store.Json;
import java.io.IOException;
import java.io.PrintWriter;

/** {@code --json}: pretty JSON through Jackson, then a newline. */
final class JsonOutput {
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
