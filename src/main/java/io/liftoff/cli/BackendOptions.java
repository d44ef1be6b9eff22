package io.liftoff.cli;

import io.liftoff.LiftoffException;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one table of options only one backend takes, and the refusals it gives: without --slurm, every
 * option of the Slurm group ({@link SlurmMixin}) but those in {@link #ANY_BACKEND} needs it; with
 * --slurm, the options in {@link #LOCAL_ONLY} do not apply, and the refusal says what to use instead.
 * An option counts as given when it has a value other than its default, as the launch reads it.
 */
final class BackendOptions {
    /** An option of this machine's backend: its name, how a refusal names it, and what to use on Slurm instead. */
    record LocalOnly(String option, String named, String instead) {
    }

    static final List<LocalOnly> LOCAL_ONLY = List.of(
            new LocalOnly("--gpus", "--gpus", " (use --gpus-per-run)"),
            new LocalOnly("--per-gpu", "--per-gpu", " (use --gpus-per-run)"),
            new LocalOnly("--detach", "--detach/--no-detach", ""),
            new LocalOnly("--start-by", "--start-by", " (use --time)"),
            new LocalOnly("--end-by", "--end-by", " (use --time)"));

    /** Options of the Slurm group a launch on this machine accepts too. */
    static final Set<String> ANY_BACKEND = Set.of("--slurm", "--java", "--jar");

    private BackendOptions() {
    }

    /** Refuses (exit 2) the first option given that the chosen backend does not take. */
    static void check(CommandSpec spec, boolean slurm) {
        if (!slurm) {
            for (OptionSpec option : spec.findOption("--slurm").group().options()) {
                if (!ANY_BACKEND.contains(option.longestName()) && given(option)) {
                    throw LiftoffException.usage(option.longestName() + " needs --slurm");
                }
            }
            return;
        }
        for (LocalOnly local : LOCAL_ONLY) {
            if (given(spec.findOption(local.option()))) {
                throw LiftoffException.usage(local.named() + " does not apply with --slurm" + local.instead());
            }
        }
    }

    private static boolean given(OptionSpec option) {
        Object value = option.getValue();
        if (option.type() == boolean.class) {
            return Boolean.TRUE.equals(value);
        }
        return value != null && !String.valueOf(value).equals(option.defaultValue());
    }
}
