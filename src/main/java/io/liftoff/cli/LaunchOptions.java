package io.liftoff.cli;

import io.liftoff.LiftoffException;
import io.liftoff.launch.Durations;
import io.liftoff.launch.Gpus;
import io.liftoff.launch.local.LocalOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The launcher's options, in the sections of {@code liftoff --help} (picocli argument groups, which only sort
 * the help: none of them is validated as a group). Each field that has a default starts with it, because
 * picocli makes a group's object only when one of its options is given.
 */
final class LaunchOptions {
    private LaunchOptions() {
    }

    /** What to run: the script's configs, how many runs of each, and the experiment to continue. */
    static final class What {
        @Option(names = {"-c", "--config-file"}, paramLabel = "NAME", description = "Config merged over the default: configs/NAME.yaml or a path.")
        String configFile;

        @Option(names = {"-d", "--default-config-file"}, paramLabel = "NAME", description = "The default config (default: default).")
        String defaultConfigFile;

        @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Run the variations prepared in configs/NAME/.")
        String gridName;

        @Option(names = "--runs-no", paramLabel = "N", description = "Runs of each variation (default 1).")
        Integer runsNo;

        @Option(names = "--args", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
                description = "Override config values (YAML-typed): --args lr=0.1 net.depth=3")
        List<String> overrides;

        @Option(names = "--sweep", paramLabel = "KEY=V1,V2", parameterConsumer = WordListConsumer.KeyValues.class,
                description = "A grid on the command line: --sweep lr=0.1,0.01 seed=1,2 runs 4 variations (quote a value "
                        + "holding a comma: 'a,b', or write \\,).")
        List<String> sweep;

        @ArgGroup(validate = false)
        ConfigsMixin configs = new ConfigsMixin();

        @Option(names = "--comment", paramLabel = "TEXT", description = "A note kept with the experiment and given to its runs.")
        String comment;

        @Option(names = "--resume", description = "Continue the latest experiment (with -e NAME: the latest of that name; -t selects by timestamp).")
        boolean resume;

        @Option(names = {"-t", "--timestamp"}, paramLabel = "TS", description = "With --resume: the experiment whose timestamp starts with TS.")
        String timestamp;

        @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3", description = "Interpreter for *.py scripts (default: python3).")
        String python = "python3";

        @Option(names = "--dry-run", description = "Print what the launch would do (the runs, the slots, or the job arrays and "
                + "their sbatch command lines) and create, claim and submit nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "With --dry-run: the plan as JSON, for scripts.")
        boolean json;
    }

    /** When and where runs start on this machine, and how they end. */
    static final class Scheduling {
        @Option(names = "--procs-no", paramLabel = "P", description = "At most P runs at once (default 1; with --gpus, as many as the GPU caps allow).")
        Integer procsNo;

        @Option(names = "--gpus", paramLabel = "IDS", parameterConsumer = WordListConsumer.GpuWords.class,
                description = "GPUs to spread runs over: 0,1,2 or 0 1 2 or 0-3 or auto. Each run gets CUDA_VISIBLE_DEVICES.")
        List<String> gpus;

        @Option(names = "--per-gpu", paramLabel = "N[,N...]", description = "Runs per GPU at once: one number, or one per GPU (default 1).")
        String perGpu;

        @Option(names = "--detach", negatable = true, description = "Detach runs from the launcher (default: when more than one run starts).")
        Boolean detach;

        @Option(names = "--start-by", paramLabel = "DURATION", description = "Start no run after DURATION.")
        String startBy;

        @Option(names = "--end-by", paramLabel = "DURATION", description = "Start no run after DURATION; each run gets ENDBY, the seconds left.")
        String endBy;

        @Option(names = "--max-runs", paramLabel = "N", description = "Start at most N runs in this session.")
        Integer maxRuns;

        @Option(names = "--filters", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
                description = "Only start runs whose config has these values: --filters yz.y=10 run_id=0")
        List<String> filters;

        @Option(names = "--retries", paramLabel = "K", description = "Start a failed run again, up to K times (kept with the experiment).")
        Integer retries;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop a run that runs longer (TERM, then KILL after --grace); it counts as timed out.")
        String timeout;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10",
                description = "Between TERM and KILL, for --timeout, for the processes a run leaves and for Ctrl-C of attached runs "
                        + "(default: ${DEFAULT-VALUE}s).")
        String grace = "10";

        @Option(names = "--keep-leftovers", description = "Leave running what a run's script started and left when it ended "
                + "(a server, a daemon); by default liftoff stops it then (TERM, --grace, KILL).")
        boolean keepLeftovers;

        @Option(names = "--shuffle", description = "Start pending runs in random order.")
        boolean shuffle;

        @Option(names = "--shuffle-seed", paramLabel = "N", description = "With --shuffle: the seed, to repeat an order.")
        Long shuffleSeed;

        /** The part of the launch only this machine's backend takes, checked. */
        LocalOptions local() {
            Double startBySeconds = startBy == null ? null : Durations.positive("--start-by", startBy);
            Double endBySeconds = endBy == null ? null : Durations.positive("--end-by", endBy);
            if (endBySeconds != null && endBySeconds < 1) {
                // Runs get ENDBY in whole seconds: a deadline under one has passed before any run could start.
                throw LiftoffException.usage("--end-by " + endBy + ": shorter than a second, so no run could start (ENDBY counts whole seconds)");
            }
            List<String> gpuList = gpus == null ? List.of() : Gpus.parse(gpus);
            if (perGpu != null && gpuList.isEmpty()) {
                throw LiftoffException.usage("--per-gpu needs --gpus");
            }
            return new LocalOptions(gpuList, Gpus.perGpu(perGpu, gpuList.size()), detach, startBySeconds, endBySeconds);
        }
    }

    /** Where the experiment folder goes and how it is named. */
    static final class Results {
        @Option(names = "--results-path", paramLabel = "DIR", defaultValue = "results", description = "Results folder (default: ./results).")
        Path resultsPath = Path.of("results");

        @Option(names = "--name", paramLabel = "NAME", description = "Experiment name (default: the config's or the grid's name).")
        String name;

        @Option(names = "--timestamp-fmt", paramLabel = "FMT", description = "Timestamp of the experiment folder, strftime or Java pattern (default: %%Y%%b%%d-%%H%%M%%S).")
        String timestampFmt;
    }
}
