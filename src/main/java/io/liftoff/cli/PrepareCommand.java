package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.grid.FilterRule;
import io.liftoff.grid.Grid;
import io.liftoff.grid.GridFolder;
import io.liftoff.grid.GridSpec;
import io.liftoff.grid.Variable;
import io.liftoff.grid.ZipGroup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "liftoff-prepare",
        description = {
            "Expands the grid in configs/EXPERIMENT/config.yaml (and any other config*.yaml there) over "
                    + "configs/EXPERIMENT/default.yaml into one variation file each, for `liftoff SCRIPT -e EXPERIMENT`.",
            "Every list is a variable; zip groups make variables vary together; filter_out rules drop chosen pairs of values."})
public final class PrepareCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "EXPERIMENT",
            description = "The grid's folder name under the configs folder (or a path to the folder).")
    String experiment;

    @Option(names = {"-c", "--clean"}, description = "Remove the generated variation files (and nothing else).")
    boolean clean;

    @Option(names = {"-n", "--dry-run"}, description = "Show the variables and count the variations; write nothing.")
    boolean dryRun;

    @Mixin
    ConfigsMixin configs;

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        PrintWriter err = err();
        GridFolder folder = folder();
        if (clean) {
            int removed = folder.clean();
            out.println("removed " + removed + " generated variation file" + (removed == 1 ? "" : "s")
                    + " from " + Display.path(folder.path()));
            return ExitCode.OK;
        }
        if (dryRun) {
            folder.defaults();
            for (GridSpec grid : folder.grids()) {
                describe(out, grid, new Grid(grid).count());
            }
            return ExitCode.OK;
        }
        GridFolder.Preparation done = folder.prepare(note -> err.println("liftoff-prepare: note: " + note));
        for (GridFolder.GridCount grid : done.grids()) {
            describe(out, grid.spec(), grid.kept());
        }
        if (done.duplicates() > 0) {
            out.println(done.duplicates() + " variations appeared in more than one grid file and were written once");
        }
        out.println("wrote " + done.written() + " variation file" + (done.written() == 1 ? "" : "s") + " to "
                + Display.path(folder.path()) + "/");
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

    private static void describe(PrintWriter out, GridSpec grid, long kept) {
        List<Variable> variables = grid.variables();
        out.println(Display.path(grid.file()) + ":");
        int width = variables.stream().mapToInt(v -> v.name().length()).max().orElse(0);
        for (Variable variable : variables) {
            out.printf("  %-" + width + "s  %d value%s%n", variable.name(), variable.size(), variable.size() == 1 ? "" : "s");
        }
        if (variables.isEmpty()) {
            out.println("  no variables (no lists): one variation");
        }
        for (ZipGroup zip : grid.zips()) {
            out.println("  zip " + zip.number() + ": " + zip.description());
        }
        for (FilterRule rule : grid.filters()) {
            out.println("  filter " + rule.number() + ": " + rule.description());
        }
        long combinations = grid.combinations();
        out.println("  " + kept + " variation" + (kept == 1 ? "" : "s")
                + (kept == combinations ? "" : " (" + combinations + " combinations, " + (combinations - kept) + " filtered out)"));
    }
}
