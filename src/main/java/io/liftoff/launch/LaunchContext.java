package io.liftoff.launch;

import io.liftoff.store.AbortMark;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Help.Ansi;

/**
 * Where a launch speaks and what it knows of its command: its output streams, whether they are a
 * terminal, its colours, its command line and the aborts the experiment had when it began (a session
 * records both), {@code report} that says what the launch did once its runs have ended, and
 * {@code standing}, a line saying how the experiment stands now, for a launch that follows a queue.
 */
public record LaunchContext(PrintWriter out, PrintWriter err, boolean terminal, Ansi ansi, List<String> commandLine,
        AbortMark abortsAtStart, Consumer<LaunchOutcome> report, Supplier<String> standing) {
}
