package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.grid.FilterRule;
import io.liftoff.grid.Grid;
import io.liftoff.grid.GridFolder;
import io.liftoff.grid.GridSpec;
import io.liftoff.grid.SampledVariable;
import io.liftoff.grid.Sampler;
import io.liftoff.grid.Sampling;
import io.liftoff.grid.Variable;
import io.liftoff.grid.ZipGroup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "liftoff-prepare",
        description = {
            "Expands the grid in configs/EXPERIMENT/config.yaml (and any other config*.yaml there) over "
                    + "configs/EXPERIMENT/default.yaml into one variation file each, for `liftoff SCRIPT -e EXPERIMENT`.",
            "Every list is a variable; zip groups make variables vary together; filter_out rules drop chosen pairs of values.",
            "A value tagged !uniform [low, high], !loguniform [low, high], !randint [low, high] or !choice [a, b, ...] is "
                    + "sampled: --samples N draws it N times for every point of the grid. The same seed gives the same files; "
                    + "preparing again with a larger N keeps the files there and adds the new samples."})
public final class PrepareCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "EXPERIMENT",
            description = "The grid's folder name under the configs folder (or a path to the folder).")
    String experiment;

    @Option(names = {"-c", "--clean"}, description = "Remove the generated variation files (and nothing else).")
    boolean clean;

    @Option(names = {"-n", "--dry-run"}, description = "Show the variables and count the variations; write nothing.")
    boolean dryRun;

    @Option(names = "--samples", paramLabel = "N",
            description = "Draw N samples of the sampled variables (values tagged !uniform, !loguniform, !randint, !choice) "
                    + "for every point of the grid. Required when there are sampled variables.")
    Long samples;

    @Option(names = "--seed", paramLabel = "S",
            description = "The seed of the samples (default: 0). Sample i depends only on the seed, the sampler and i; "
                    + "another seed or sampler than the files already prepared needs --clean first.")
    Long seed;

    @Option(names = "--sampler", paramLabel = "random|sobol", completionCandidates = Samplers.class,
            description = "random: independent draws (default); sobol: a randomly shifted Sobol sequence, "
                    + "more evenly spread (at most 32 sampled variables per file).")
    String sampler;

    @Mixin
    ConfigsMixin configs;

    /** The names {@code --sampler} takes, for help and shell completion. */
    static final class Samplers implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Sampler.Method.values()).map(Sampler.Method::label).iterator();
        }
    }

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        PrintWriter err = err();
        GridFolder folder = folder();
        Sampling sampling = sampling();
        if (clean) {
            int removed = folder.clean();
            out.println("removed " + removed + " generated variation file" + (removed == 1 ? "" : "s")
                    + " from " + Display.path(folder.path()));
            return ExitCode.OK;
        }
        if (dryRun) {
            folder.defaults();
            for (GridSpec grid : folder.grids(sampling)) {
                describe(out, grid, sampling, new Grid(grid, sampling).count());
            }
            return ExitCode.OK;
        }
        GridFolder.Preparation done = folder.prepare(sampling, note -> err.println("liftoff-prepare: note: " + note));
        for (GridFolder.GridCount grid : done.grids()) {
            describe(out, grid.spec(), sampling, grid.kept());
        }
        if (done.duplicates() > 0) {
            out.println(done.duplicates() + " variations " + (sampling == null ? "appeared in more than one grid file"
                    : "were drawn again or appeared in more than one grid file") + " and were written once");
        }
        if (done.kept() > 0) {
            out.println("kept the " + done.kept() + " variation file" + (done.kept() == 1 ? "" : "s")
                    + " prepared before with this seed and sampler");
        }
        out.println("wrote " + done.written() + (done.kept() > 0 ? " new" : "") + " variation file" + (done.written() == 1 ? "" : "s")
                + " to " + Display.path(folder.path()) + "/");
        out.println("run them with: liftoff SCRIPT -e " + folder.experiment());
        return ExitCode.OK;
    }

    private GridFolder folder() {
        String name = experiment.replaceAll("/+$", "");
        if (name.contains("/")) {
            Path path = Path.of(name);
            Path parent = path.getParent() != null ? path.getParent() : Path.of(".");
            return new GridFolder(parent, path.getFileName().toString());
        }
        return new GridFolder(configs.configsDir, name);
    }

    /** The sampling the options ask for, or null without {@code --samples}; options that do not fit are bad usage. */
    private Sampling sampling() {
        if (samples == null) {
            if (seed != null || sampler != null) {
                throw LiftoffException.usage((seed != null ? "--seed" : "--sampler") + " goes with --samples N (it chooses how samples are drawn)");
            }
            return null;
        }
        if (samples < 1) {
            throw LiftoffException.usage("--samples " + samples + ": the number of samples must be at least 1");
        }
        Sampler.Method method = Sampler.Method.RANDOM;
        if (sampler != null) {
            method = Arrays.stream(Sampler.Method.values()).filter(m -> m.label().equals(sampler.toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> LiftoffException.usage("--sampler " + sampler + ": not a sampler (random or sobol)"));
        }
        return new Sampling(samples, seed == null ? 0 : seed, method);
    }

    /** A grid file's variables, rules, samples and count. */
    private static void describe(PrintWriter out, GridSpec grid, Sampling sampling, long kept) {
        List<Variable> variables = grid.variables();
        List<SampledVariable> sampled = grid.sampled();
        out.println(Display.path(grid.file()) + ":");
        int width = Stream.concat(variables.stream().map(Variable::name), sampled.stream().map(SampledVariable::name))
                .mapToInt(String::length).max().orElse(0);
        for (Variable variable : variables) {
            out.printf("  %-" + width + "s  %d value%s%n", variable.name(), variable.size(), variable.size() == 1 ? "" : "s");
        }
        for (SampledVariable variable : sampled) {
            out.printf("  %-" + width + "s  %s%n", variable.name(), variable.distribution().describe());
        }
        if (variables.isEmpty() && sampled.isEmpty()) {
            out.println("  no variables (no lists): one variation");
        }
        for (ZipGroup zip : grid.zips()) {
            out.println("  zip " + zip.number() + ": " + zip.description());
        }
        for (FilterRule rule : grid.filters()) {
            out.println("  filter " + rule.number() + ": " + rule.description());
        }
        if (!sampled.isEmpty()) {
            out.println("  " + sampling.samples() + " sample" + (sampling.samples() == 1 ? "" : "s") + " (" + sampling.method().label()
                    + ", seed " + sampling.seed() + ") of each of " + grid.combinations() + " combination"
                    + (grid.combinations() == 1 ? "" : "s"));
        }
        long combinations = grid.combinations() * (sampled.isEmpty() || sampling == null ? 1 : sampling.samples());
        out.println("  " + kept + " variation" + (kept == 1 ? "" : "s")
                + (kept == combinations ? "" : " (" + combinations + " combinations, " + (combinations - kept) + " filtered out)"));
    }
}
