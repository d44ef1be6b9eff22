package io.liftoff.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces with errors, and the launcher's debug log. */
public final class VerboseMixin {
    @Option(names = "--verbose", description = "Show stack traces with errors, and more detail.")
    boolean verbose;
}
