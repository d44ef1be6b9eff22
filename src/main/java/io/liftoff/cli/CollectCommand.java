package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.collect.Collect;
import io.liftoff.store.Mode;
import io.liftoff.collect.ResultTable;
import io.liftoff.collect.RunResult;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.store.Json;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "liftoff-collect",
        description = {
            "Turns an experiment into one table: a row per run with its variation, run id, state, exit code and "
                    + "duration in seconds, the values its variation varies (dotted names: yz.y), and with --file the "
                    + "values the run wrote in that file of its folder (nested names dotted: metrics.acc).",
            "--file reads a JSON object (.json), a YAML mapping (.yaml, .yml), the last row of a CSV file with a "
                    + "header (.csv) or the last line of JSON lines (.jsonl). Runs that ended without the file, and "
                    + "files that cannot be read, are counted and named on stderr; their cells stay empty.",
            "Runs that reported metrics ($LIFTOFF_METRICS, Python's liftoff.report) add their last step and each metric's "
                    + "last and best value (loss.last, loss.best); --steps lists every step instead.",
            ExperimentSelector.HELP})
public final class CollectCommand extends BaseCommand {
    @Mixin
    SelectionMixin selection;

    @Option(names = {"-f", "--file"}, paramLabel = "NAME", description = "A file each run writes in its folder: summary.json, metrics.csv, ...")
    String file;

    @Option(names = "--group", description = "A row per variation: runs, done, and count, mean, std, min and max of "
            + "seconds and of each numeric value.")
    boolean group;

    @Option(names = "--sort", paramLabel = "COLUMN", description = "Order rows by COLUMN (numerically when numbers; empty cells last).")
    String sort;

    @Option(names = "--reverse", description = "With --sort: largest first.")
    boolean reverse;

    @Option(names = "--columns", paramLabel = "COLUMN", split = ",",
            description = "Show only these columns, in this order: --columns variation,total.mean,total.std")
    List<String> columns;

    @Option(names = "--mode", paramLabel = "min|max", converter = ModeConverter.class,
            description = "Which way every metric improves, for its best value. Default: guessed from each name: "
                    + "loss, error, err, mse, mae, rmse, nll, perplexity, ppl, regret, cost are minimized, others maximized.")
    Mode mode;

    @Option(names = "--steps", description = "A row per step each run reported (variation, run, state, varied values, step, "
            + "time, metrics), for plotting.")
    boolean steps;

    @Option(names = "--csv", description = "Print CSV with a header row (as Python's csv module writes it).")
    boolean csv;

    @Option(names = "--json", description = "Print a JSON list with an object per row (NaN and Infinity bare, as Python's json reads them).")
    boolean json;

    @Option(names = "--with-config", description = "With --json: add each run's folder (path), its config (config) "
            + "and the file's values as read, nested (values). What Python's collect_results uses.")
    boolean withConfig;

    @Override
    protected ExitCode execute() {
        if (csv && json) {
            throw LiftoffException.usage("--csv and --json cannot be used together: choose one output");
        }
        if (withConfig && (!json || group)) {
            throw LiftoffException.usage("--with-config adds each run's config to --json rows of runs; use it with --json and without --group");
        }
        if (steps && (group || withConfig || file != null)) {
            throw LiftoffException.usage("--steps lists the metrics each run reported; it takes no --group, --with-config or --file");
        }
        if (reverse && sort == null) {
            throw LiftoffException.usage("--reverse orders by --sort COLUMN; give --sort too");
        }
        Collect results = Collect.of(selection.selector().one(true), file, mode, new LiveProcesses());
        ResultTable table = steps ? results.steps() : group ? results.grouped() : results.table();
        if (withConfig) {
            table = withConfig(results);
        }
        if (sort != null) {
            table = table.sortedBy(sort, reverse);
        }
        if (columns != null) {
            table = table.select(columns);
        }
        PrintWriter out = out();
        try {
            if (csv) {
                table.writeCsv(out);
            } else if (json) {
                Json.writePythonic(table.rows(), out, true);
                out.println();
            } else {
                print(out, table);
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write the table: " + e.getMessage(), e);
        }
        out.flush();
        reportProblems(results);
        return ExitCode.OK;
    }

    /** {@code min} or {@code max}, in any case. */
    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            for (Mode mode : Mode.values()) {
                if (mode.name().equalsIgnoreCase(value)) {
                    return mode;
                }
            }
            throw new TypeConversionException("'" + value + "' is not min or max");
        }
    }

    private static ResultTable withConfig(Collect results) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult run : results.runs()) {
            Map<String, Object> row = new LinkedHashMap<>(results.row(run));
            row.put("path", run.run().folder().toString());
            row.put("config", run.config());
            row.put("values", run.values());
            rows.add(row);
        }
        return new ResultTable(results.table().columns(), rows);
    }

    private void print(PrintWriter out, ResultTable table) {
        List<String> headers = new ArrayList<>();
        for (String column : table.columns()) {
            boolean numeric = table.rows().stream().anyMatch(row -> row.get(column) instanceof Number);
            headers.add((numeric ? ">" : "") + column);
        }
        Table text = new Table(headers.toArray(String[]::new));
        for (Map<String, Object> row : table.rows()) {
            List<String> cells = new ArrayList<>();
            for (String column : table.columns()) {
                Object value = row.get(column);
                String cell = ResultTable.shortText(value).replace("@|", "@ |");
                cells.add("state".equals(column) && value != null ? stateCell(value.toString(), cell) : cell);
            }
            text.row(cells.toArray(String[]::new));
        }
        text.print(out, ansi());
    }

    private static String stateCell(String key, String cell) {
        for (RunState state : RunState.values()) {
            if (state.key().equals(key)) {
                return StatusCommand.stateCell(state);
            }
        }
        return cell;
    }

    private void reportProblems(Collect results) {
        PrintWriter err = err();
        List<RunResult> missing = results.missing();
        if (!missing.isEmpty()) {
            long ended = results.runs().stream().filter(r -> r.state().ended()).count();
            List<String> names = missing.stream().map(r -> r.run().name()).toList();
            err.println(program() + ": " + missing.size() + " of " + ended + " ended run" + (ended == 1 ? "" : "s")
                    + " left no " + results.file() + ": " + firstFew(names, 5));
        }
        List<RunResult> unreadable = results.unreadable();
        if (!unreadable.isEmpty()) {
            err.println(program() + ": " + unreadable.size() + " " + results.file() + (unreadable.size() == 1 ? " file" : " files")
                    + " could not be read:");
            for (RunResult run : unreadable.subList(0, Math.min(10, unreadable.size()))) {
                err.println("  " + run.run().name() + ": " + run.problem());
            }
            if (unreadable.size() > 10) {
                err.println("  and " + (unreadable.size() - 10) + " more");
            }
        }
        err.flush();
    }

    private static String firstFew(List<String> names, int shown) {
        String listed = String.join(", ", names.subList(0, Math.min(shown, names.size())));
        return names.size() > shown ? listed + " and " + (names.size() - shown) + " more" : listed;
    }
}
