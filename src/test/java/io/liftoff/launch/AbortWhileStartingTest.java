package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.process.Host;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Layout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A liftoff-abort without a selection cannot know the experiment of a launcher still starting; the
 * mark it leaves in the host's index stops exactly the launchers it could not see: started before
 * it acted, visible only after it looked. (Run in-process: an abort without a selection, run for
 * real, would look at every experiment of the host, other people's tests included.)
 */
class AbortWhileStartingTest {
    @TempDir
    Path state;

    @Test
    void theHostsAbortMarkStopsOnlyLaunchersThatWereStillStarting() throws Exception {
        HostIndex index = HostIndex.in(state);
        long began = System.currentTimeMillis() - 1000;
        assertFalse(index.abortStops(began - 5000, began + 10), "no abort yet");
        index.noteAbort(began);
        long acted = System.currentTimeMillis();
        assertTrue(index.abortStops(began - 5000, began + 10), "started before, visible after it looked: it was starting");
        assertFalse(index.abortStops(began - 5000, began - 10), "visible when it looked: the abort chose what to stop");
        assertFalse(index.abortStops(acted + 5000, acted + 6000), "started after the abort: not stopped");
    }

    @Test
    void anAbortDatedInTheFutureStopsNobody() {
        long future = System.currentTimeMillis() + 86_400_000L;
        TestFiles.write(state.resolve(Layout.sanitize(Host.name())).resolve("abort"), (future - 1000) + " " + future + "\n");
        assertFalse(HostIndex.in(state).abortStops(System.currentTimeMillis() - 1000, future));
    }
}
