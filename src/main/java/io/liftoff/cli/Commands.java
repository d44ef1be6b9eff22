package io.liftoff.cli;

import io.liftoff.LiftoffException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Picks the subcommand named by the first argument ({@code launch} when it names none, so that
 * {@code liftoff script.py} works) and runs it. Only the chosen command is built, which keeps the
 * start-up of {@code liftoff-status} short.
 */
public final class Commands {
    public static final String LAUNCH = "launch";

    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put(LAUNCH, LaunchCommand::new);
        COMMANDS.put("prepare", PrepareCommand::new);
    }

    private Commands() {
    }

    /** Runs a command line the way {@code java -jar liftoff.jar ...} does; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        String name = args.length > 0 && COMMANDS.containsKey(args[0]) ? args[0] : LAUNCH;
        String[] rest = args.length > 0 && COMMANDS.containsKey(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine commandLine = create(name);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(rest);
    }

    /** The user-facing name of a subcommand: the {@code bin/} wrapper that runs it. */
    public static String programName(String subcommand) {
        return LAUNCH.equals(subcommand) ? "liftoff" : "liftoff-" + subcommand;
    }

    static CommandLine create(String name) {
        CommandLine commandLine = new CommandLine(COMMANDS.get(name).get());
        String program = programName(name);
        commandLine.setCommandName(program);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(ColorMixin.auto()));
        commandLine.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(program + ": " + oneLine(e.getMessage()) + " (see " + program + " --help)");
            return LiftoffException.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof LiftoffException) {
                err.println(program + ": " + e.getMessage());
                if (parseResult.hasMatchedOption("--verbose") && e.getCause() != null) {
                    e.getCause().printStackTrace(err);
                }
                return ((LiftoffException) e).exitCode();
            }
            err.println(program + ": internal error: " + e + (parseResult.hasMatchedOption("--verbose") ? "" : " (--verbose shows where)"));
            if (parseResult.hasMatchedOption("--verbose")) {
                e.printStackTrace(err);
            }
            return LiftoffException.FAILURE;
        });
        return commandLine;
    }

    /** All commands under one root, for the generated shell completion. */
    public static CommandLine hierarchy() {
        CommandLine root = new CommandLine(new LaunchCommand());
        root.setCommandName("liftoff");
        COMMANDS.forEach((name, factory) -> {
            if (!LAUNCH.equals(name)) {
                root.addSubcommand(name, factory.get());
            }
        });
        return root;
    }

    private static String oneLine(String message) {
        return message == null ? "bad usage" : message.strip().replaceAll("\\s*\n\\s*", "; ");
    }
}
