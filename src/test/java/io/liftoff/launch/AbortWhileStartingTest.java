package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.cli.Commands;
import io.liftoff.process.Host;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.store.HostIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A liftoff-abort without a selection cannot know the experiment of a launcher still starting; it
 * names such launchers in the host's index, and exactly those stop. (Checked in-process: an abort
 * without a selection, run for real, would act on every experiment of the host, other people's
 * tests included.)
 */
class AbortWhileStartingTest {
    @TempDir
    Path state;

    @Test
    void theLaunchersAnAbortFoundStartingAndOnlyThoseStop() throws Exception {
        HostIndex index = HostIndex.in(state);
        ProcessIdentity starting = new ProcessIdentity(4242, 777, Host.name());
        assertFalse(index.abortStops(starting), "no abort yet");
        index.noteAbort(List.of(starting, new ProcessIdentity(4343, 1, Host.name())));
        assertTrue(index.abortStops(starting));
        assertFalse(index.abortStops(new ProcessIdentity(4242, 778, Host.name())), "a pid reused by a later launcher is not it");
        assertFalse(index.abortStops(new ProcessIdentity(5000, 777, Host.name())));
        index.noteAbort(List.of());
        assertFalse(index.abortStops(starting), "the next abort found nobody starting");
    }

    @Test
    void aLaunchIsTheDefaultCommand() {
        assertTrue(Commands.isLaunch(List.of("train.py", "--runs-no", "4")));
        assertTrue(Commands.isLaunch(List.of("launch", "train.py")));
        assertFalse(Commands.isLaunch(List.of("status", "-a")));
        assertFalse(Commands.isLaunch(List.of("abort", "-y")));
    }
}
