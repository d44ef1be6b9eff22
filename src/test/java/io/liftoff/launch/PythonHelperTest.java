package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python helper's own tests (src/test/python) as part of the Java build, against a copy that
 * {@link PythonLib} installed, so that the helper runs this build's liftoff for configs.
 */
class PythonHelperTest {
    @Test
    void theInstalledPythonPackagePassesItsTests(@TempDir Path dir) throws IOException, InterruptedException {
        Path helper = PythonLib.install(dir.resolve("python"));
        assertTrue(Files.isRegularFile(helper.resolve("liftoff").resolve(PythonLib.COMMAND_FILE)));
        ProcessBuilder builder = new ProcessBuilder("python3", "-B", "-m", "unittest", "discover", "-s", "src/test/python")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LIFTOFF_HELPER_DIR", helper.toString());
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(240, TimeUnit.SECONDS), "the Python tests took over 4 minutes:\n" + output);
            assertEquals(0, process.exitValue(), output);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
