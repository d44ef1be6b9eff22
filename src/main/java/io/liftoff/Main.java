package io.liftoff;

import io.liftoff.cli.Commands;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point of the JAR: the only place that exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Commands.run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
