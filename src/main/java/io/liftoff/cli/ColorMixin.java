package io.liftoff.cli;

import java.io.Console;
import java.lang.reflect.Method;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;

/** {@code --color=auto|always|never}: colours only on a terminal or when asked; NO_COLOR honoured. */
public final class ColorMixin {
    public enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "always is for watch -c). NO_COLOR turns auto off.")
    When when = When.auto;

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
}
