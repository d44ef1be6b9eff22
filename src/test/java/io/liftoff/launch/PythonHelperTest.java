package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the bundled Python helper's own unit tests (src/test/python) as part of the Java build. */
class PythonHelperTest {
    @Test
    void theBundledPythonPackagePassesItsTests() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", "-B", "-m", "unittest", "discover", "-s", "src/test/python")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), output);
    }
}
