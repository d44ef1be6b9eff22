package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No shell ever interprets data: the code starts processes from argument lists only. The one
 * {@code bash -c} (the run wrapper) runs a constant program that gets its data as parameters.
 */
class ShellSafetyTest {
    /** A shell told to run a command string: {@code sh -c ...} in an argument list. */
    private static final Pattern SHELL_COMMAND = Pattern.compile("add\\(\"-c\"\\)|sh\",\\s*\"-c\"");

    private static List<Path> sources(String root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of(root))) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void onlyTheRunWrapperStartsAShellAndItsProgramIsAConstant() throws Exception {
        List<String> shells = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        for (Path source : sources("src/main/java", ".java")) {
            String text = Files.readString(source);
            assertTrue(!text.contains("Runtime.getRuntime().exec"), source + " uses Runtime.exec");
            Matcher shell = SHELL_COMMAND.matcher(text);
            while (shell.find()) {
                shells.add(source.getFileName().toString());
            }
            Matcher start = Pattern.compile("new ProcessBuilder\\((.*)").matcher(text);
            while (start.find()) {
                starts.add(source.getFileName() + ": " + start.group(1).strip());
            }
        }
        assertEquals(List.of("RunWrapper.java"), shells, "where a shell gets a command string");
        assertEquals(List.of("Gpus.java: smi.toString(), \"--query-gpu=index\", \"--format=csv,noheader\")",
                "Scheduler.java: RunWrapper.command(run.path(), argv, detached))"),
                starts.stream().sorted().toList(), "where processes start, and from what argument lists");
        Field program = Class.forName("io.liftoff.launch.RunWrapper").getDeclaredField("PROGRAM");
        assertTrue(Modifier.isStatic(program.getModifiers()) && Modifier.isFinal(program.getModifiers()));
        program.setAccessible(true);
        String text = (String) program.get(null);
        assertTrue(!text.contains("eval") && text.contains("\"$@\" 2>&3"), "the script runs from its parameters, as given:\n" + text);
        String wrapper = Files.readString(Path.of("src/main/java/io/liftoff/launch/RunWrapper.java"));
        assertTrue(wrapper.contains("command.add(PROGRAM);"), "the program is passed as one constant argument");
    }

    @Test
    void theWrappersPassArgumentsThroughUntouched() throws Exception {
        for (Path script : sources("bin", "")) {
            if (Files.isDirectory(script)) {
                continue;
            }
            String text = Files.readString(script);
            assertTrue(!text.contains("eval") && !text.contains("$*"), script + " must not re-split its arguments");
            assertTrue(text.contains("\"$@\""), script + " passes \"$@\" on");
        }
    }
}
