package io.liftoff.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces with errors, and the launcher's debug log on stderr. */
public final class VerboseMixin {
    @Option(names = "--verbose", description = "Show stack traces with errors, and what the launcher does, step by step.")
    boolean verbose;

    /** Turns slf4j-simple's debug level on; it must happen before the first logger is made. */
    void enableDebugLog() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }
}
