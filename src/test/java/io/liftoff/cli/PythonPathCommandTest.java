package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.launch.PythonLib;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liftoff pythonpath: the helper importable in any Python, the way the README says to do it. */
class PythonPathCommandTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void installsTheHelperInTheUsersDataFolderAndPrintsIt() throws IOException {
        String printed = Cli.run("pythonpath").ok().out();
        Path folder = Path.of(printed.strip());
        assertEquals(printed.strip() + "\n", printed, "one line: the folder");
        assertTrue(folder.isAbsolute(), printed);
        assertEquals(PythonLib.userFolder(VersionProvider.version()).toAbsolutePath().normalize(), folder);
        for (String name : List.of("__init__.py", "config.py", PythonLib.COMMAND_FILE)) {
            assertTrue(Files.isRegularFile(folder.resolve("liftoff").resolve(name)), name);
        }
        long modified = Files.getLastModifiedTime(folder.resolve("liftoff/__init__.py")).toMillis();
        assertEquals(printed, Cli.run("pythonpath").ok().out(), "the same folder again");
        assertEquals(modified, Files.getLastModifiedTime(folder.resolve("liftoff/__init__.py")).toMillis(), "left alone when unchanged");
    }

    /** The README's line, then the tutorial's script started by hand from the repository's root. */
    @Test
    void theExportLineMakesTheTutorialScriptRunByHand(@TempDir Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "liftoff() { \"$JAVA\" -cp \"$CLASSES\" io.liftoff.Main \"$@\"; }\n"
                + "export PYTHONPATH=\"$(liftoff pythonpath)${PYTHONPATH:+:$PYTHONPATH}\"\n"
                + "python3 examples/smart_example.py && python3 examples/smart_example.py -c diff\n"
                + "cd \"$DATA\" && python3 -c 'from liftoff import parse_opts, read_config, collect_results; print(\"imported\")'\n";
        Map<String, String> environment = Map.of("JAVA", java, "CLASSES", System.getProperty("java.class.path"),
                "XDG_DATA_HOME", data.toString(), "DATA", data.toString(), "PYTHONPATH", "/nonexistent");
        Result done = bash(script, environment);
        assertEquals(0, done.code, done.output);
        List<String> lines = done.output.lines().toList();
        assertEquals(List.of("2 + 3 + 4 = 9", "10 + 3 + 40 = 53", "imported"), lines, done.output);
        try (var installed = Files.list(data.resolve("liftoff").resolve("python"))) {
            assertEquals(1, installed.count(), "one folder for this version");
        }
    }

    private record Result(int code, String output) {
    }

    private static Result bash(String script, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bash took over 2 minutes:\n" + output);
            return new Result(process.exitValue(), output);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
