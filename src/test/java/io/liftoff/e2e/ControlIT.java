package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.RunRecord;
import io.liftoff.TestFiles;
import io.liftoff.process.Liveness;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liftoff-status, -procs, -abort and -clean against real launches, through bin/ like a user. */
class ControlIT {
    @TempDir
    Path dir;

    Lab lab;
    Path fixture;
    Path release;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        fixture = Files.copy(Lab.fixture("fixture.py"), dir.resolve("fixture.py"));
        release = dir.resolve("release");
    }

    @AfterEach
    void tearDown() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        lab.killLeftovers();
    }

    private Process launch(String log, String... args) {
        List<String> all = new ArrayList<>(List.of(fixture.toString()));
        all.addAll(List.of(args));
        Process process = Bin.start(dir, dir.resolve(log), "liftoff", all.toArray(String[]::new));
        started.add(process);
        return process;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> statusJson() {
        Bin.Result result = Bin.run(dir, "liftoff-status", "-a", "--json").expect(0);
        Path file = dir.resolve("status.json");
        TestFiles.write(file, result.out());
        return ((List<Map<String, Object>>) (Object) readList(file)).get(0);
    }

    private static List<Object> readList(Path file) {
        Map<String, Object> wrapped = Json.readObject(TestFiles.write(file.resolveSibling("wrapped.json"),
                "{\"list\": " + TestFiles.read(file) + "}"));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) wrapped.get("list");
        return list;
    }

    private static long count(Map<String, Object> status, String state) {
        return ((Number) status.get(state)).longValue();
    }

    private static ProcessTree tree(Run run) {
        RunRecord record = Records.record(run);
        return ProcessTree.of(record.wrapper(), record.script(), run.folder().toString(), new LiveProcesses());
    }

    @Test
    void everyStateAppearsAndACleanedExperimentReachesAHundredPercent() throws Exception {
        lab.defaults("log: " + lab.log + "\nrelease: " + release + "\nplan: ok,crash,hang,hang,hang,ok\n");
        Process launcher = launch("launcher.log", "--runs-no", "7", "--procs-no", "6", "--max-runs", "6");
        Bin.await("an experiment", 30, () -> !lab.experiments().isEmpty());
        Experiment experiment = lab.only();
        Bin.await("runs 0-5 to reach their states", 60, () -> {
            List<Run> runs = experiment.runs();
            return runs.size() == 7 && Records.done(runs.get(0)) && Records.crashed(runs.get(1))
                    && Records.started(runs.get(2)) && Records.started(runs.get(3)) && Records.started(runs.get(4))
                    && Records.done(runs.get(5));
        });
        Map<String, Object> status = statusJson();
        assertEquals(List.of(7L, 3L, 2L, 1L, 0L, 0L, 1L), List.of(count(status, "total"), count(status, "running"),
                count(status, "done"), count(status, "crashed"), count(status, "lost"), count(status, "aborted"),
                count(status, "pending")), status.toString());
        assertTrue(Bin.run(dir, "liftoff-procs").expect(0).out().contains("0000_default/4"));

        // A run's wrapper and its script killed together: nobody records an end, so the run is lost.
        Run four = experiment.runs().get(4);
        ProcessTree tree = tree(four);
        tree.alive().forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
        Bin.await("run 4 to be gone", 10, tree::isEmpty);
        status = statusJson();
        assertEquals(1L, count(status, "lost"));
        assertEquals(2L, count(status, "running"));

        Bin.Result abort = Bin.run(dir, "liftoff-abort", "-y", "--grace", "1").expect(0);
        assertTrue(abort.out().contains("stopped 1 session and 2 runs"), abort.out());
        launcher.waitFor();
        status = statusJson();
        assertEquals(List.of(2L, 1L, 1L, 2L, 1L, 0L), List.of(count(status, "done"), count(status, "crashed"),
                count(status, "lost"), count(status, "aborted"), count(status, "pending"), count(status, "running")));
        String table = Bin.run(dir, "liftoff-status", "-a").expect(0).out();
        assertTrue(table.contains("85.7%"), "6 of 7 runs ended:\n" + table);

        Bin.Result dry = Bin.run(dir, "liftoff-clean", experiment.dir().toString()).expect(0);
        assertTrue(dry.out().contains("4 runs to reset (dry run"), dry.out());
        assertTrue(Records.crashed(experiment.runs().get(1)), "a dry run changes nothing");
        Bin.run(dir, "liftoff-clean", experiment.dir().toString(), "--do").expect(0);
        assertEquals(5L, count(statusJson(), "pending"));
        assertTrue(Files.exists(experiment.runs().get(1).attempts().resolve("1/err")), "the crashed attempt's err was kept");
        assertTrue(TestFiles.read(experiment.dir().resolve(Layout.JOURNAL)).contains(
                "liftoff-clean: reset 0000_default/1, a crashed run (exit 3)"));

        TestFiles.write(release, "");
        Bin.run(dir, "liftoff", fixture.toString(), experiment.dir().toString(), "--procs-no", "4").expect(0);
        status = statusJson();
        assertEquals(7L, count(status, "done"));
        assertEquals(1.0, ((Number) status.get("progress")).doubleValue());
        assertTrue(Bin.run(dir, "liftoff-status", "-a").out().contains("100.0%"));
        // Only successful executions are logged: runs 0 and 5 before the clean, runs 1-4 and 6 after it.
        assertEquals(7, lab.executions().size());
        assertEquals(7, lab.executions().stream().map(Lab.Execution::outDir).distinct().count(), "no run succeeded twice");
    }

    @Test
    void abortStopsWholeProcessTreesAndNeverSignalsAReusedPid() throws Exception {
        lab.defaults("log: " + lab.log + "\nrelease: " + release + "\nplan: hang,hang\nchildren: 2\n");
        launch("launcher.log", "--runs-no", "2", "--procs-no", "2");
        Bin.await("an experiment", 30, () -> !lab.experiments().isEmpty());
        Experiment experiment = lab.only();
        Bin.await("both runs to start their children", 30,
                () -> experiment.runs().stream().allMatch(r -> Files.exists(r.folder().resolve("children"))));
        List<ProcessIdentity> trees = new ArrayList<>();
        for (Run run : experiment.runs()) {
            List<ProcessIdentity> members = tree(run).alive();
            assertTrue(members.size() >= 4, "wrapper, script and two children: " + members);
            trees.addAll(members);
        }
        // An unrelated process whose pid liftoff believes it recorded, with another start time: a reused pid.
        Process bystander = new ProcessBuilder("sleep", "300").start();
        started.add(bystander);
        ProcessIdentity real = ProcessTable.identify(bystander.pid()).orElseThrow();
        TestFiles.write(experiment.dir().resolve(".__session-deadbeef"), "{\"session_id\": \"session-deadbeef\", \"pid\": "
                + real.pid() + ", \"start_ticks\": " + (real.startTicks() - 5) + ", \"host\": \"" + real.host() + "\", \"started\": 1}");

        Bin.Result abort = Bin.run(dir, "liftoff-abort", "-y", "--grace", "1").expect(0);
        assertTrue(abort.out().contains("stopped 1 session and 2 runs"), abort.out());
        Bin.await("every process of both runs to be gone", 10,
                () -> trees.stream().allMatch(p -> ProcessTable.liveness(p) == Liveness.DEAD));
        assertTrue(bystander.isAlive(), "the process that merely reuses a recorded pid was left alone");
        assertFalse(abort.out().contains(Long.toString(real.pid())), abort.out());
        assertEquals(2L, count(statusJson(), "aborted"));
    }
}
