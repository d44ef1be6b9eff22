package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liftoff.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "First ten minutes", run as written: every {@code $ command} of its console blocks, one
 * after the other in a copy of the tutorial's folder (configs/ and examples/, bin/ on the PATH), and
 * what each prints (stdout and stderr, as a terminal shows them) compared with the lines below it.
 * What changes from one run to the next (timestamps, times, durations, pids, session ids) is compared
 * by its shape; a line {@code ...} stands for any lines, and {@code ...} within a line for any text.
 */
class FirstTenMinutesIT {
    private static final String BEGIN = "<!-- first-ten-minutes: checked by FirstTenMinutesIT -->";
    private static final String END = "<!-- /first-ten-minutes -->";

    /** What differs between runs, and what it is written as once compared. */
    private static final String[][] VOLATILE = {
        {"\\d{4}[A-Z][a-z]{2}\\d{2}-\\d{6}", "<timestamp>"},
        {"\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}", "<time>"},
        {"\\b\\d+:\\d{2}:\\d{2}\\b", "<duration>"},
        {"\\b\\d+(\\.\\d+)?s\\b", "<seconds>"},
        {"session-[0-9a-f]+", "session-<id>"},
        {"\\bpid \\d+", "pid <pid>"},
    };

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    record Step(String command, List<String> expected) {
    }

    @AfterEach
    void tearDown() throws Exception {
        // What a step left running (nothing, when the walk passes: it ends with liftoff-abort).
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        run("liftoff-abort -y");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theReadmeWalkPrintsWhatItSays() throws Exception {
        List<Step> steps = steps(Files.readString(Bin.HOME.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(steps.size() >= 8, "the walk has its steps: " + steps);
        TestFiles.tutorialConfigs(dir.resolve("configs"));
        TestFiles.copyTree(Bin.HOME.resolve("examples"), dir.resolve("examples"));
        for (Step step : steps) {
            String actual = run(step.command());
            List<String> lines = actual.isEmpty() ? List.of() : List.of(actual.split("\n", -1));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            if (!matches(step.expected(), 0, lines, 0)) {
                fail("$ " + step.command() + "\nREADME says:\n" + String.join("\n", step.expected()) + "\nbut it printed:\n" + actual);
            }
        }
    }

    /** The {@code $} lines of the section's console blocks, each with the lines up to the next. */
    static List<Step> steps(String readme) {
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        assertTrue(from >= 0 && to > from, "README.md has the section between " + BEGIN + " and " + END);
        List<Step> steps = new ArrayList<>();
        Matcher block = Pattern.compile("```console\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(from, to));
        while (block.find()) {
            Step current = null;
            for (String line : block.group(1).split("\n")) {
                if (line.startsWith("$ ")) {
                    current = new Step(line.substring(2), new ArrayList<>());
                    steps.add(current);
                } else if (current != null) {
                    current.expected().add(line);
                }
            }
        }
        return steps;
    }

    private String run(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command + " 2>&1").directory(dir.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("PATH", Bin.HOME.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("LIFTOFF_STATE_DIR", dir.resolve(".state").toString());
        builder.environment().put("XDG_DATA_HOME", dir.resolve(".data").toString());
        builder.environment().put("COLUMNS", "100");
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile(dir, ".step", ".txt");
        Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(process);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("$ " + command + " did not end within two minutes:\n" + Files.readString(out));
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return printed;
    }

    /** Whether the actual lines from {@code a} match the expected ones from {@code e}; a {@code ...} line matches any number. */
    static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).strip().equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    static boolean lineMatches(String expected, String actual) {
        String[] parts = normalise(expected).split(Pattern.quote("..."), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return normalise(actual).matches(regex.toString());
    }

    static String normalise(String line) {
        String result = line;
        for (String[] rule : VOLATILE) {
            result = result.replaceAll(rule[0], rule[1]);
        }
        // Tables pad their columns to the widest cell, which can differ by a character.
        return result.strip().replaceAll("\\s+", " ");
    }

    @Test
    void theComparisonAcceptsWhatChangesAndNothingElse() {
        assertTrue(lineMatches("experiment results/2026Nov30-101010_default: 1 done, 0 failed",
                "experiment results/2026Dec01-090807_default: 1 done, 0 failed"));
        assertFalse(lineMatches("experiment results/2026Nov30-101010_default: 1 done, 0 failed",
                "experiment results/2026Dec01-090807_default: 0 done, 1 failed"));
        assertTrue(lineMatches("2 + 3 + 4 = 9", "2 + 3 + 4 = 9"));
        assertTrue(lineMatches("a    1  done", "a  1    done"));
        assertFalse(lineMatches("a 1 done", "a 1 done 2"));
        assertFalse(lineMatches("2 + 3 + 4 = 9", "2 + 3 + 4 = 10"));
        assertTrue(lineMatches("started ... in 0.9s", "started 0000_default/3 in 1.2s"));
        assertTrue(matches(List.of("a", "...", "z"), 0, List.of("a", "b", "c", "z"), 0));
        assertTrue(matches(List.of("a", "...", "z"), 0, List.of("a", "z"), 0));
        assertFalse(matches(List.of("a", "z"), 0, List.of("a", "b", "z"), 0));
        assertEquals(2, steps("x\n" + BEGIN + "\n```console\n$ one\nout\n$ two\n```\n" + END).size());
    }
}
