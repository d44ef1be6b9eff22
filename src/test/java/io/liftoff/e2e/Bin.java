package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the {@code bin/} wrappers the way a user does: separate processes, NO_COLOR=1, no terminal. */
final class Bin {
    static final Path HOME = Path.of("").toAbsolutePath();

    record Result(int exitCode, String out, String err) {
        Result expect(int code) {
            assertEquals(code, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    private Bin() {
    }

    static ProcessBuilder builder(Path cwd, String command, List<String> args) {
        List<String> line = new ArrayList<>();
        line.add(HOME.resolve("bin").resolve(command).toString());
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).directory(cwd.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder;
    }

    /** Runs to the end (at most two minutes) and returns what it printed. */
    static Result run(Path cwd, String command, String... args) {
        try {
            Path out = Files.createTempFile("liftoff-out", ".txt");
            Path err = Files.createTempFile("liftoff-err", ".txt");
            Process process = builder(cwd, command, List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(command + " did not end within two minutes:\n" + Files.readString(out) + Files.readString(err));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts in the background, its output going to {@code log}. */
    static Process start(Path cwd, Path log, String command, String... args) {
        return start(cwd, log, java.util.Map.of(), command, args);
    }

    /** Starts in the background with more environment variables. */
    static Process start(Path cwd, Path log, java.util.Map<String, String> env, String command, String... args) {
        try {
            ProcessBuilder builder = builder(cwd, command, List.of(args)).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits (polling: this is a test watching from outside) until {@code condition} holds. */
    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static void signal(Process process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
