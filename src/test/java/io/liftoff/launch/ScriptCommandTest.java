package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCommandTest {
    @TempDir
    Path dir;

    private List<String> command(String name, String text, boolean executable) throws Exception {
        Path script = Files.writeString(dir.resolve(name), text);
        if (executable) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return ScriptCommand.resolve(script.toString(), "python3", List.of()).command();
    }

    @Test
    void anExecutableShScriptRunsWithTheInterpreterItsFirstLineNames() throws Exception {
        Path script = dir.resolve("train.sh").toAbsolutePath();
        assertEquals(List.of(script.toString()), command("train.sh", "#!/bin/sh\nexit 0\n", true));
    }

    @Test
    void anShScriptThatCannotRunByItselfRunsWithBash() throws Exception {
        List<String> notExecutable = command("a.sh", "#!/bin/sh\nexit 0\n", false);
        assertTrue(notExecutable.get(0).endsWith("bash"), notExecutable.toString());
        assertEquals(2, notExecutable.size());
        List<String> noShebang = command("b.sh", "echo hi\n", true);
        assertTrue(noShebang.get(0).endsWith("bash"), noShebang.toString());
    }
}
