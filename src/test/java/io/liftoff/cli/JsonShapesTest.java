package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.TestFiles;
import io.liftoff.store.Json;
import io.liftoff.Waits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --json} shape with its exact keys, as docs/DESIGN.md §10 lists them: a key renamed or removed
 * fails here, and then the schema number goes up and the document says what changed.
 */
class JsonShapesTest {
    static final Set<String> STATUS = Set.of("schema", "experiment", "path", "name", "timestamp", "comment", "total",
            "pending", "held", "queued", "running", "requeued", "done", "crashed", "timed_out", "lost", "aborted", "pruned",
            "retried", "left_processes", "progress", "elapsed_seconds", "eta_seconds", "sessions");
    static final Set<String> SESSION = Set.of("session_id", "pid", "start_ticks", "host", "supervisor_pid",
            "supervisor_ticks", "started", "command_line");
    static final Set<String> RUN = Set.of("run", "path", "state", "exit_code", "gpu", "pid", "host", "session_id",
            "attempt", "retries", "leftover_processes", "stopped_leftovers", "reason", "seconds");
    static final Set<String> CRASH_GROUP = Set.of("kind", "message", "count", "example");
    static final Set<String> PROCS = Set.of("schema", "experiment", "path", "sessions", "runs", "slurm_submissions");
    static final Set<String> COLLECT_RUN = Set.of("variation", "run", "state", "exit_code", "seconds");
    static final Set<String> COLLECT_GROUP = Set.of("variation", "runs", "done",
            "seconds.count", "seconds.mean", "seconds.std", "seconds.min", "seconds.max");
    static final Set<String> WITH_CONFIG = Set.of("path", "config", "values");

    @TempDir
    Path dir;

    Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    @Test
    void statusAndProcsOfARunningExperiment() throws Exception {
        lab.defaults("x: 1\nrelease: " + dir.resolve("release") + "\nplan: hang\n");
        Thread launcher = new Thread(() -> lab.liftoff("--detach"));
        launcher.start();
        try {
            Waits.await(() -> !lab.experiments().isEmpty() && Records.started(lab.only().runs().get(0)));
            String experiment = lab.only().dir().toString();

            Map<String, Object> status = only(lab.command("status", "--json", "--runs", "--crashes", experiment).ok().out());
            assertEquals(union(STATUS, Set.of("runs", "crashes")), keys(status));
            assertEquals(1L, status.get("schema"));
            assertEquals(SESSION, keys(first(status.get("sessions"))));
            assertEquals(union(RUN, Set.of("step", "metrics")), keys(first(status.get("runs"))), "status adds what runs reported");
            assertEquals(STATUS, keys(only(lab.command("status", "--json", experiment).ok().out())), "without --runs and --crashes");

            Map<String, Object> procs = only(lab.command("procs", "--json", experiment).ok().out());
            assertEquals(PROCS, keys(procs));
            assertEquals(2L, procs.get("schema"));
            assertEquals(SESSION, keys(first(procs.get("sessions"))));
            assertEquals(union(RUN, Set.of("pids")), keys(first(procs.get("runs"))));
        } finally {
            TestFiles.write(dir.resolve("release"), "");
            launcher.join(30_000);
        }
    }

    @Test
    void crashGroupsCollectAndConfig() throws Exception {
        lab.defaults("plan: ok,crash\n");
        lab.liftoff("--sweep", "x=1,2", "--runs-no", "2").expect(1);
        String experiment = lab.only().dir().toString();

        Map<String, Object> status = only(lab.command("status", "--json", "--crashes", experiment).ok().out());
        assertEquals(CRASH_GROUP, keys(first(status.get("crashes"))));

        List<Map<String, Object>> rows = list(lab.command("collect", "--json", experiment).ok().out());
        assertEquals(4, rows.size());
        rows.forEach(row -> assertEquals(union(COLLECT_RUN, Set.of("x")), keys(row)));
        rows = list(lab.command("collect", "--json", "--group", experiment).ok().out());
        assertEquals(2, rows.size());
        rows.forEach(row -> assertEquals(union(COLLECT_GROUP, Set.of("x")), keys(row)));
        rows = list(lab.command("collect", "--json", "--with-config", experiment).ok().out());
        rows.forEach(row -> assertEquals(union(union(COLLECT_RUN, Set.of("x")), WITH_CONFIG), keys(row)));

        Map<String, Object> config = json(io.liftoff.Cli.run("config", "--json", "--configs-dir", lab.configs.toString()).ok().out());
        assertEquals(Set.of("plan", "title", "experiment_arguments"), keys(config), "the config and what liftoff adds to it");
        assertFalse(config.containsKey("schema"));
    }

    private static Set<String> keys(Map<String, Object> map) {
        return new TreeSet<>(map.keySet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return new TreeSet<>(Stream.concat(a.stream(), b.stream()).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Object list) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) list;
        assertFalse(items.isEmpty(), "an empty list shows no keys");
        return items.get(0);
    }

    private static Map<String, Object> only(String text) throws Exception {
        List<Map<String, Object>> items = list(text);
        assertEquals(1, items.size(), text);
        return items.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String text) throws Exception {
        return (List<Map<String, Object>>) Json.readPythonic(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return (Map<String, Object>) Json.readPythonic(text);
    }
}
