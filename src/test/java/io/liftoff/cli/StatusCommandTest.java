package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
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

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(String text, Path dir) {
        Map<String, Object> wrapped = Json.readObject(TestFiles.write(dir.resolve("out.json"), "{\"list\": " + text + "}"));
        return (List<Map<String, Object>>) wrapped.get("list");
    }

    @Test
    void anEmptyOrMissingResultsFolderIsANormalAnswer() {
        assertEquals("nothing runs on this host, and " + lab.results + " does not exist yet (liftoff SCRIPT creates it)",
                lab.command("status").ok().out().strip());
        assertEquals("no liftoff session or run is running on this host", lab.command("procs").ok().out().strip());
        assertEquals("nothing to abort: no liftoff session or run is running on this host", lab.command("abort").ok().out().strip());
        assertEquals("[ ]", lab.command("status", "--json").ok().out().strip());
        assertEquals("[ ]", lab.command("procs", "--json").ok().out().strip());
        TestFiles.write(lab.results.resolve("notes.txt"), "not an experiment\n");
        assertEquals("no experiments in " + lab.results + " or launched from this host", lab.command("status", "-a").ok().out().strip());
        assertEquals("nothing runs on this host, and " + lab.results + " holds no experiment", lab.command("status").ok().out().strip());
    }

    @Test
    void finishedExperimentsShowWithAllAndReachAHundredPercent() {
        lab.defaults("x: 1\n");
        lab.liftoff("--runs-no", "3", "--comment", "first try").ok();
        Cli.Result idle = lab.command("status").ok();
        assertEquals("nothing runs on this host (liftoff-status -a shows every experiment)", idle.out().strip());
        List<String> lines = lab.command("status", "-a").ok().outLines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("experiment "), lines.get(0));
        assertTrue(lines.get(1).matches(".*_default\\s+3\\s+0\\s+3\\s+0\\s+0\\s+0\\s+0\\s+100\\.0%\\s+\\d:\\d\\d:\\d\\d\\s+-\\s+first try"),
                lines.get(1));
        assertEquals(lines.get(0).indexOf("progress") + "progress".length(), lines.get(1).indexOf("%") + 1, "columns line up");
        List<Map<String, Object>> json = json(lab.command("status", "-a", "--json", "--runs").ok().out(), dir);
        assertEquals(3L, json.get(0).get("done"));
        assertEquals(1.0, json.get(0).get("progress"));
        assertEquals("first try", json.get(0).get("comment"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) json.get(0).get("runs");
        assertEquals(List.of("done", "done", "done"), runs.stream().map(r -> r.get("state")).toList());
        assertEquals(0L, runs.get(0).get("exit_code"));
    }

    @Test
    void selectionByNameAndTimestamp() {
        lab.defaults("x: 1\n");
        lab.liftoff("--name", "alpha").ok();
        lab.liftoff("--name", "beta", "--timestamp-fmt", "1999-01-01").ok();
        assertEquals(2, lab.command("status", "-e", "alpha").ok().outLines().size());
        assertTrue(lab.command("status", "-t", "1999").ok().out().contains("1999-01-01_beta"));
        assertEquals("no experiment named gamma in " + lab.results + " or among those launched from this host",
                lab.command("status", "-e", "gamma").ok().out().strip());
        // 1888 is in no timestamp this century (2001 was in every one made at 12:00:1x, by any test on the host).
        assertEquals("liftoff-abort: no experiment with timestamp 1888 in " + lab.results + " or among those launched from this host",
                lab.command("abort", "-t", "1888").rejected().err().strip());
    }

    @Test
    void colourOnlyWhenAsked() {
        lab.defaults("x: 1\n");
        lab.liftoff().ok();
        assertFalse(lab.command("status", "-a").ok().out().contains("\u001b["), "not a terminal: no colour");
        assertTrue(lab.command("status", "-a", "--color=always").ok().out().contains("\u001b[32m"), "green for done");
        assertFalse(lab.command("status", "-a", "--color=never").ok().out().contains("\u001b["));
    }

    @Test
    void crashesAreGroupedByWhatTheyLastSaid() {
        lab.defaults("log: " + lab.log + "\nplan: raise,crash,raise,selfkill,raise,crash\n");
        lab.liftoff("--runs-no", "7", "--procs-no", "4").expect(1);
        Cli.Result result = lab.command("status", "-a", "--crashes").ok();
        String text = result.out();
        assertTrue(text.contains("6 failed runs, 3 kinds:"), text);
        List<String> rows = text.lines().dropWhile(l -> !l.contains("last error line")).skip(1).toList();
        assertEquals(3, rows.size(), text);
        assertTrue(rows.get(0).matches("\\s*3\\s+error \\(exit 1\\)\\s+ValueError: bad value <n> for the learning rate\\s+.*/err"), rows.get(0));
        assertTrue(rows.get(1).matches("\\s*2\\s+error \\(exit 3\\)\\s+config lacks key 'optimizer' \\(run <n>\\)\\s+.*/err"), rows.get(1));
        assertTrue(rows.get(2).matches("\\s*1\\s+out of memory\\? \\(killed by SIGKILL\\)\\s+\\(no error output\\)\\s+.*/err"), rows.get(2));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) json(lab.command("status", "-a", "--crashes", "--json").ok().out(), dir)
                .get(0).get("crashes");
        assertEquals(List.of(3L, 2L, 1L), groups.stream().map(g -> g.get("count")).toList());
    }

    @Test
    void outOfMemoryMessagesAreRecognised() {
        Path script = TestFiles.write(dir.resolve("oom.sh"), "echo 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB' >&2\nexit 1\n");
        Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString()).expect(1);
        assertTrue(lab.command("status", "-a", "--crashes").ok().out().contains("out of memory"));
    }

    @Test
    void aRecordedPidNowUsedByAnotherProcessMeansLostAndIsNeverSignalled() throws Exception {
        lab.defaults("x: 1\n");
        lab.liftoff().ok();
        Experiment experiment = lab.only();
        Run run = experiment.runs().get(0);
        Process bystander = new ProcessBuilder("sleep", "300").start();
        try {
            ProcessIdentity real = ProcessTable.identify(bystander.pid()).orElseThrow();
            String claim = TestFiles.read(run.record()).lines().findFirst().orElseThrow();
            TestFiles.write(run.record(), claim + "\n{\"event\": \"start\", \"time\": 1700000000, \"pid\": " + real.pid()
                    + ", \"ticks\": " + (real.startTicks() - 3) + ", \"host\": \"" + real.host() + "\"}\n");
            assertEquals(RunState.LOST, io.liftoff.Records.state(experiment, run));
            assertTrue(lab.command("status", "-a").ok().out().matches("(?s).*_default\\s+1\\s+0\\s+0\\s+0\\s+1\\s.*"));
            // Selected: an abort without a selection, with -y, would act on whatever else runs on this host.
            assertTrue(lab.command("abort", "-y", experiment.dir().toString()).ok().out().strip()
                    .startsWith("nothing to abort: no liftoff session or run is running on this host"));
            assertTrue(lab.command("clean", experiment.dir().toString(), "--do").ok().out().contains("reset 0000_default/0 (lost)"));
            assertTrue(bystander.isAlive());
            assertEquals(RunState.PENDING, io.liftoff.Records.state(experiment, run));
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void abortAsksAndRefusesWithoutATerminal() throws Exception {
        lab.defaults("x: 1\nrelease: " + dir.resolve("release") + "\nplan: hang\n");
        Thread launcher = new Thread(() -> lab.liftoff("--detach"));
        launcher.start();
        try {
            io.liftoff.Waits.await(() -> !lab.experiments().isEmpty() && io.liftoff.Records.started(lab.only().runs().get(0)));
            Cli.Result refused = lab.command("abort").rejected();
            assertEquals("liftoff-abort: not stopping anything without asking, and there is no terminal to ask on; add -y",
                    refused.err().strip());
            assertTrue(refused.out().contains("run 0000_default/0  running  pids "), refused.out());
            assertEquals(RunState.RUNNING, io.liftoff.Records.state(lab.only(), lab.only().runs().get(0)));
        } finally {
            TestFiles.write(dir.resolve("release"), "");
            launcher.join(30_000);
        }
    }

    @Test
    void cleanTouchesOnlyCrashedLostAndAbortedRuns() {
        lab.defaults("log: " + lab.log + "\nplan: ok,crash,ok\n");
        lab.liftoff("--runs-no", "4", "--max-runs", "3").expect(1);
        Experiment experiment = lab.only();
        List<String> before = TestFiles.tree(experiment.dir());
        Cli.Result dry = lab.command("clean", experiment.folderName()).ok();
        assertTrue(dry.out().contains("would reset 0000_default/1 (crashed, exit 3)"), dry.out());
        assertEquals(before, TestFiles.tree(experiment.dir()), "a dry run writes nothing");
        lab.command("clean", "--crashed-only", "-e", "default", "--do").ok();
        assertEquals(RunState.DONE, io.liftoff.Records.state(experiment, experiment.runs().get(0)));
        assertEquals(RunState.PENDING, io.liftoff.Records.state(experiment, experiment.runs().get(1)));
        assertTrue(Files.exists(experiment.runs().get(1).folder().resolve("seen.json")), "the script's own files stay");
        assertFalse(Files.exists(experiment.runs().get(1).err()));
        assertEquals("nothing to clean in " + experiment + ": no failed or aborted run",
                lab.command("clean", experiment.dir().toString()).ok().out().strip());
        assertTrue(lab.command("clean").rejected().err().contains("which experiment?"));
    }
}
