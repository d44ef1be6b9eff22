package io.liftoff;

import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessTable;
import io.liftoff.store.Experiment;
import io.liftoff.store.Results;
import io.liftoff.store.Run;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scratch project for launcher tests: the tutorial's configs, a results folder and the fixture
 * script, all in a temporary folder. {@link #killLeftovers()} stops any run still alive, by the pid
 * and start time its markers record.
 */
public final class Lab {
    public final Path root;
    public final Path configs;
    public final Path results;
    public final Path log;

    public Lab(Path root) {
        this.root = root;
        this.configs = TestFiles.tutorialConfigs(root.resolve("configs"));
        this.results = root.resolve("results");
        this.log = root.resolve("executions.log");
    }

    public static Path fixture(String name) {
        try {
            return Path.of(Lab.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code liftoff <fixture.py> --configs-dir ... --results-path ... args}. */
    public Cli.Result liftoff(String... args) {
        return Cli.run(List.of("launch", fixture("fixture.py").toString(), "--configs-dir", configs.toString(),
                "--results-path", results.toString()), args);
    }

    /** Any command with this lab's results folder. */
    public Cli.Result command(String name, String... args) {
        return Cli.run(List.of(name, "--results-path", results.toString()), args);
    }

    public void defaults(String yaml) {
        TestFiles.write(configs.resolve("default.yaml"), yaml);
    }

    public List<Experiment> experiments() {
        return new Results(results).experiments();
    }

    public Experiment only() {
        List<Experiment> experiments = experiments();
        if (experiments.size() != 1) {
            throw new AssertionError("expected one experiment, found " + experiments);
        }
        return experiments.get(0);
    }

    /** One line of the fixture's execution log. */
    public record Execution(String outDir, long pid, long startMillis, long endMillis, String gpu, String endBy) {
    }

    public List<Execution> executions() {
        List<Execution> executions = new ArrayList<>();
        if (!Files.exists(log)) {
            return executions;
        }
        for (String line : TestFiles.read(log).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int n = f.length;
            String outDir = String.join(" ", java.util.Arrays.copyOfRange(f, 0, n - 5));
            executions.add(new Execution(outDir, Long.parseLong(f[n - 5]), Long.parseLong(f[n - 4]), Long.parseLong(f[n - 3]), f[n - 2], f[n - 1]));
        }
        return executions;
    }

    /** The largest number of executions that overlapped in time. */
    public static int maxOverlap(List<Execution> executions) {
        List<long[]> events = new ArrayList<>();
        for (Execution e : executions) {
            events.add(new long[] {e.startMillis(), 1});
            events.add(new long[] {e.endMillis(), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] event : events) {
            now += (int) event[1];
            max = Math.max(max, now);
        }
        return max;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> seen(Run run) {
        return (Map<String, Object>) io.liftoff.store.Json.readObject(run.folder().resolve("seen.json"));
    }

    /** Stops every run process still alive under the results folder (and its children). */
    public void killLeftovers() {
        killRunsUnder(results);
    }

    /**
     * Stops every process that works on an experiment under {@code results}: runs and whatever they
     * started (they carry their run folder in their environment) and the supervisors of sessions.
     */
    public static void killRunsUnder(Path results) {
        if (results == null || !Files.exists(results)) {
            return;
        }
        String root = results.toAbsolutePath().normalize() + "/";
        for (ProcessTable.Entry entry : ProcessTable.all()) {
            String[] env = ProcessTable.environmentValues(entry.pid(), LiveProcesses.RUN_VARIABLE, LiveProcesses.EXPERIMENT_VARIABLE);
            boolean ours = env != null && (env[0] != null && env[0].startsWith(root) || env[1] != null && env[1].startsWith(root));
            if (ours && entry.pid() != ProcessHandle.current().pid()) {
                ProcessHandle.of(entry.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
