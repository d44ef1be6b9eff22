package io.liftoff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Signals this test JVM was started ignoring ({@code nohup} ignores HUP; a background job of a shell
 * without job control ignores INT and QUIT). Every process it starts inherits them, and neither bash
 * nor the JVM undoes that, so a check that such a signal reaches liftoff or a run cannot pass here.
 */
public final class InheritedSignals {
    private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "TERM", 15);

    private InheritedSignals() {
    }

    /** Skips the test when this JVM ignores one of these signals (named as kill names them: INT). */
    public static void assumeNoneIgnored(String... names) {
        long ignored = ignoredMask();
        for (String name : names) {
            int number = NUMBERS.get(name);
            Assumptions.assumeTrue((ignored & (1L << (number - 1))) == 0,
                    "this test's JVM was started with SIG" + name + " ignored (nohup, or a background job of a shell without job control), which every process it starts inherits");
        }
    }

    private static long ignoredMask() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("SigIgn:"))
                    .mapToLong(line -> Long.parseLong(line.substring("SigIgn:".length()).strip(), 16)).findFirst().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
