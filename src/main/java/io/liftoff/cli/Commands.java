package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Picks the subcommand named by the first argument ({@code launch} when it names none, so that
 * {@code liftoff script.py} works) and runs it. Only the chosen command is built, which keeps the
 * start-up of {@code liftoff-status} short.
 */
public final class Commands {
    public static final String LAUNCH = "launch";

    /** The batch program of Slurm array tasks asks this hidden subcommand for its next run. */
    static final String SLURM_TASK = "slurm-task";

    /** Shell completion asks this hidden subcommand for experiment, timestamp, config and grid names. */
    static final String COMPLETE = "complete";

    /** The subcommands, in the order --help and completion list them. */
    static final List<String> NAMES = List.of(LAUNCH, "prepare", "status", "procs", "abort", "clean", "lock", "unlock",
            "collect", "report", "config", "pythonpath");

    private Commands() {
    }

    /** Whether a command line (the arguments after the JAR) starts a launch. */
    public static boolean isLaunch(List<String> args) {
        return args.isEmpty() || args.get(0).equals(LAUNCH) || !NAMES.contains(args.get(0));
    }

    /** A new instance of a subcommand. A switch, not a table of lambdas: start-up loads only what it runs. */
    private static Object instance(String name) {
        switch (name) {
            case "prepare":
                return new PrepareCommand();
            case "status":
                return new StatusCommand();
            case "procs":
                return new ProcsCommand();
            case "abort":
                return new AbortCommand();
            case "clean":
                return new CleanCommand();
            case "lock":
                return new LockCommand();
            case "unlock":
                return new LockCommand.UnlockCommand();
            case SLURM_TASK:
                return new SlurmTaskCommand();
            case "collect":
                return new CollectCommand();
            case "report":
                return new ReportCommand();
            case "config":
                return new ConfigCommand();
            case "pythonpath":
                return new PythonPathCommand();
            case COMPLETE:
                return new CompleteCommand();
            default:
                return new LaunchCommand();
        }
    }

    /** Runs a command line the way {@code java -jar liftoff.jar ...} does; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean named = args.length > 0 && (NAMES.contains(args[0]) || SLURM_TASK.equals(args[0]) || COMPLETE.equals(args[0]));
        String name = named ? args[0] : LAUNCH;
        String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
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
        // Help text follows NO_COLOR too; picocli reads this property only when it prints help.
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            System.setProperty("picocli.ansi", "false");
        }
        CommandLine commandLine = new CommandLine(instance(name));
        String program = programName(name);
        commandLine.setCommandName(program);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            exitCodes.put(code.key(), code.meaning());
        }
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        commandLine.setParameterExceptionHandler(new UsageErrors(program));
        commandLine.setExecutionExceptionHandler(new Failures(program));
        return commandLine;
    }

    /** All commands under one root, for the generated shell completion. */
    public static CommandLine hierarchy() {
        CommandLine root = new CommandLine(new LaunchCommand());
        root.setCommandName("liftoff");
        for (String name : NAMES.subList(1, NAMES.size())) {
            root.addSubcommand(name, instance(name));
        }
        return root;
    }

    /** Bad usage: one line naming the problem, and exit code 2. */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        private final String program;

        UsageErrors(String program) {
            this.program = program;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            String hint = "";
            if (e instanceof CommandLine.UnmatchedArgumentException) {
                List<String> suggestions = ((CommandLine.UnmatchedArgumentException) e).getSuggestions();
                hint = suggestions.isEmpty() ? "" : "; did you mean " + suggestions.get(0) + "?";
            }
            e.getCommandLine().getErr().println(program + ": " + oneLine(e.getMessage()) + hint + " (see " + program + " --help)");
            return ExitCode.USAGE.code();
        }
    }

    /** A {@link LiftoffException} is one line and its exit code; anything else is a bug (exit 4), its trace shown with --verbose. */
    private static final class Failures implements CommandLine.IExecutionExceptionHandler {
        private final String program;

        Failures(String program) {
            this.program = program;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            boolean verbose = parseResult.hasMatchedOption("--verbose");
            if (e instanceof LiftoffException) {
                err.println(program + ": " + e.getMessage());
                if (verbose && e.getCause() != null) {
                    e.getCause().printStackTrace(err);
                }
                return ((LiftoffException) e).exitCode().code();
            }
            err.println(program + ": internal error: " + oneLine(e.toString()) + (verbose ? "" : " (--verbose shows where)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return ExitCode.INTERNAL.code();
        }
    }

    private static String oneLine(String message) {
        return message == null ? "bad usage" : message.strip().replaceAll("\\s*\n\\s*", "; ");
    }
}
