package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import io.liftoff.slurm.TaskScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bash programs speak only the protocol {@link RunProtocol} declares: every record event they
 * write, every liftoff variable they read or set and every variable they export is declared there,
 * and the lines they read have the fields Java writes.
 */
class RunProtocolTest {
    private static final List<String> FILES = List.of("/io/liftoff/launch/run-wrapper.bash", "/io/liftoff/launch/supervisor.bash",
            "/io/liftoff/slurm/slurm-task.bash");
    /** The programs as they run: the files made whole. */
    private static final List<String> PROGRAMS = List.of(RunWrapper.SUPERVISOR, TaskScript.TEXT);

    private static String file(String resource) {
        try (InputStream in = RunProtocolTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> all(Pattern pattern, List<String> texts) {
        Set<String> found = new TreeSet<>();
        for (String text : texts) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    private static List<String> files() {
        return FILES.stream().map(RunProtocolTest::file).toList();
    }

    @Test
    void everyRecordEventTheProgramsWriteIsDeclared() {
        Set<String> events = all(Pattern.compile("\"event\":\"([^\"]*)\""), PROGRAMS);
        assertEquals(Set.of("start", "script", "end", "timeout", "abort", "signal"), events, "the events the wrapper writes or reads");
        assertTrue(RunProtocol.RECORD_EVENTS.containsAll(events), events.toString());
    }

    @Test
    void everyLiftoffVariableTheyUseIsDeclared() {
        Set<String> used = all(Pattern.compile("\\b(LIFTOFF_[A-Z0-9_]+)"), files());
        assertFalse(used.isEmpty());
        assertTrue(RunProtocol.ENVIRONMENT.containsAll(used), "undeclared: " + difference(used));
        Set<String> expanded = all(Pattern.compile("\\$\\{?(LIFTOFF_[A-Z0-9_]+)"), files());
        assertTrue(RunProtocol.ENVIRONMENT.containsAll(expanded), "undeclared: " + difference(expanded));
    }

    @Test
    void everyVariableTheyExportIsDeclared() {
        Set<String> exported = new TreeSet<>();
        for (String text : files()) {
            for (String line : text.split("\n")) {
                int export = line.indexOf("export ");
                if (export >= 0 && !line.strip().startsWith("#")) {
                    Matcher name = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(line.substring(export + 6));
                    while (name.find()) {
                        exported.add(name.group(1));
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(RunProtocol.ENVIRONMENT), exported, "a run's environment is exactly the declared one");
    }

    @Test
    void everyPlaceholderHasAValueAndNoneIsLeft() {
        Set<String> placeholders = all(Pattern.compile("@([A-Z][A-Z_]*)@"), files());
        assertTrue(RunProtocol.names().keySet().containsAll(placeholders), placeholders.toString());
        for (String program : PROGRAMS) {
            assertFalse(Pattern.compile("@[A-Z][A-Z_]*@").matcher(program).find());
            assertFalse(program.contains("\nsource "), "the wrapper's functions are inlined");
        }
    }

    @Test
    void aTasksCallIsReadAsTheTaskWritesIt() {
        String task = file("/io/liftoff/slurm/slurm-task.bash");
        assertTrue(task.contains("slurm-task @SERVE@ \"$exp\" \"$sid\" \"$offset\""), task);
        assertTrue(task.contains("slurm-task @NEXT@ \"$exp\" \"$sid\" \"$offset\" \"$claimed\" \"$after\""), task);
        assertTrue(task.contains("slurm-task @ENDING@ \"$exp\" \"$sid\" \"$offset\" \"$claimed\" \"$after\""), task);
        assertEquals(new RunProtocol.TaskCall(RunProtocol.TaskCall.Mode.SERVE, Path.of("/e"), "slurm-a", 3, 0, null),
                RunProtocol.TaskCall.parse(List.of("serve", "/e", "slurm-a", "3")));
        assertEquals(new RunProtocol.TaskCall(RunProtocol.TaskCall.Mode.NEXT, Path.of("/e"), "slurm-a", 3, 2, "v/r1"),
                RunProtocol.TaskCall.parse(List.of("next", "/e", "slurm-a", "3", "2", "v/r1")));
        assertNull(RunProtocol.TaskCall.parse(List.of("ending", "/e", "slurm-a", "3", "0", "-")).after());
        for (List<String> bad : List.of(List.of("serve", "/e", "slurm-a", "x"), List.of("next", "/e", "slurm-a", "3"),
                List.of("again", "/e", "slurm-a", "3"), List.of("next", "/e", "slurm-a", "3", "-1", "-"))) {
            LiftoffException e = assertThrows(LiftoffException.class, () -> RunProtocol.TaskCall.parse(bad));
            assertTrue(e.getMessage().startsWith("slurm-task: not a task's call"), e.getMessage());
        }
    }

    @Test
    void theLinesTheProgramsReadHaveTheFieldsJavaWrites() {
        assertTrue(file("/io/liftoff/launch/supervisor.bash").contains("read -r id var run gpu endby attempt;"));
        assertEquals(List.of("7", "v", "r", "-", "-", "2"), List.of(RunProtocol.handOver(7, "v", "r", null, null, 2).split(" ")));
        assertTrue(file("/io/liftoff/slurm/slurm-task.bash").contains("read -r var run attempt endby kind <<< \"$next\""));
        assertEquals(List.of("v", "r", "3", "60", "new"), List.of(RunProtocol.answer("v", "r", 3, 60L, true).split(" ")));
        assertTrue(file("/io/liftoff/slurm/slurm-task.bash").contains("echo \"$claimed $after\""));
        assertEquals(new RunProtocol.Question(2, "v/r"), RunProtocol.Question.parse(new RunProtocol.Question(2, "v/r").line()));
        assertEquals(new RunProtocol.Question(0, null), RunProtocol.Question.parse("0 -"));
        assertNull(RunProtocol.Question.parse("x -"));
        assertNull(RunProtocol.Question.parse("1"));
    }

    private static Set<String> difference(Set<String> used) {
        Set<String> left = new TreeSet<>(used);
        RunProtocol.ENVIRONMENT.forEach(left::remove);
        return left;
    }
}
