package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    @Test
    void everyCommandPrintsItsHelpCleanly() {
        // picocli warns about a malformed description on System.err, not on the command's writer.
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            for (String command : Commands.NAMES) {
                Cli.Result help = Cli.run(command, "--help").ok();
                assertTrue(help.out().startsWith("Usage: " + Commands.programName(command)), help.out());
                assertEquals("", help.err() + warnings, command + " --help warned");
            }
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void everyCommandHasItsWrapperInBin() {
        for (String command : Commands.NAMES) {
            assertTrue(Files.isExecutable(Path.of("bin", Commands.programName(command))), "bin/" + Commands.programName(command));
        }
    }

    @Test
    void aFirstArgumentThatIsNoCommandIsTheScriptToLaunch() {
        assertEquals("liftoff: script status.py: no such file", Cli.run("status.py").rejected().err().strip());
        assertTrue(Cli.run("--version").ok().out().startsWith("liftoff "));
    }
}
