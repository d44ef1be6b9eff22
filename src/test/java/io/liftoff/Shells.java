package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs shells on the generated completion scripts, as a user's TAB would. */
public final class Shells {
    private Shells() {
    }

    /** What a shell printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        public Result ok() {
            assertEquals(0, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        public List<String> lines() {
            return out.lines().filter(line -> !line.isEmpty()).toList();
        }
    }

    /** Whether {@code shell} is on the PATH; a test that needs it is skipped, saying so, when it is not. */
    public static void assumeInstalled(String shell) {
        boolean installed = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, shell)));
        if (!installed) {
            System.err.println("SKIPPED: " + shell + " is not installed, so its completion script is not checked");
        }
        Assumptions.assumeTrue(installed, shell + " is not installed, so its completion script is not checked");
    }

    /** Runs {@code command} (shell and arguments) in {@code cwd} with more environment variables. */
    public static Result run(Path cwd, Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile("shell-out", ".txt");
            Path err = Files.createTempFile("shell-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not end within a minute");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
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

    /**
     * What bash completes the last of {@code words} to (COMPREPLY, one per line), with the bash script
     * sourced and COMP_WORDS and COMP_CWORD set as bash sets them: {@code --color=al} is three words.
     */
    public static List<String> bash(Path script, Path cwd, Map<String, String> env, String... words) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; "
                        + "_liftoff; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash", script.toString()));
        command.addAll(List.of(words));
        Result result = run(cwd, env, command.toArray(String[]::new)).ok();
        assertEquals("", result.err(), "bash's complaints");
        return result.lines();
    }
}
