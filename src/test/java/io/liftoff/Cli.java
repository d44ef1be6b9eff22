package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.cli.Commands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

/** Runs a liftoff command in-process and keeps what it printed, for assertions that show the output on failure. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
        public Result expect(int code) {
            assertEquals(code, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        public Result ok() {
            return expect(0);
        }

        /** Bad input: exit 2 and exactly one line on stderr. */
        public Result rejected() {
            expect(2);
            assertEquals(1, err.strip().lines().count(), () -> "one line on stderr, got:\n" + err);
            return this;
        }

        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Commands.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    public static Result run(List<String> first, String... more) {
        return run(Stream.concat(first.stream(), Stream.of(more)).toArray(String[]::new));
    }
}
