package io.liftoff.cli;

import java.io.Console;
import java.lang.reflect.Method;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;

/**
 * {@code --color=auto|always|never} (colours only on a terminal or when asked; NO_COLOR honoured) and
 * {@code --verbose} (stack traces with errors, and the launcher's log step by step).
 */
public final class OutputMixin {
    public enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "always is for watch -c). NO_COLOR turns auto off.")
    When when = When.auto;

    @Option(names = "--verbose", description = "Show stack traces with errors, and what the launcher does, step by step.")
    boolean verbose;

    public Ansi ansi() {
        switch (when) {
            case always:
                return Ansi.ON;
            case never:
                return Ansi.OFF;
            default:
                return auto();
        }
    }

    /** Colours when standard output is a terminal and NO_COLOR is unset or empty. */
    public static Ansi auto() {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && isTerminal() ? Ansi.ON : Ansi.OFF;
    }

    /** Whether standard input and output are a terminal (also on JDKs where System.console() is never null). */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Turns slf4j-simple's debug level on with --verbose; it must happen before the first logger is made. */
    void apply() {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
            System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        }
    }
}
