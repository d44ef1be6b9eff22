package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Metrics;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping on a synthetic curve: loss = x / step for x = 1..4, a step every 50 ms up to 40. One
 * run at a time, best first, so the asynchronous rules see the runs in a known order.
 */
class PruneTest {
    private static final String SCRIPT = String.join("\n",
            "import time",
            "from liftoff import parse_opts, report",
            "opts = parse_opts()",
            "for step in range(1, 41):",
            "    report(step, loss=opts.x / step)",
            "    time.sleep(0.05)",
            "");

    @TempDir
    Path dir;

    Lab lab;
    Path script;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        TestFiles.write(lab.configs.resolve("curve/default.yaml"), "x: 0\n");
        TestFiles.write(lab.configs.resolve("curve/config.yaml"), "x: [1, 2, 3, 4]\n");
        script = TestFiles.write(dir.resolve("curve.py"), SCRIPT);
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "curve").ok();
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    private Cli.Result launch(String... prune) {
        List<String> args = new java.util.ArrayList<>(List.of("launch", script.toString(), "--configs-dir", lab.configs.toString(),
                "--results-path", lab.results.toString(), "-e", "curve", "--procs-no", "1", "--retries", "1", "--grace", "2"));
        return Cli.run(args, prune);
    }

    private static List<String> states(Experiment experiment) {
        return experiment.runs().stream().map(run -> RunRecord.read(run.record()).endedState().key()).toList();
    }

    @Test
    void ashaStopsEveryRunBehindTheBestAtItsFirstRung() throws IOException {
        Cli.Result launched = launch("--prune", "asha", "--metric", "loss", "--grace-step", "2", "--reduction", "2",
                "--max-step", "32").ok();
        Experiment experiment = lab.only();
        assertEquals(List.of("done", "pruned", "pruned", "pruned"), states(experiment), launched.out() + launched.err());
        assertTrue(launched.out().contains("1 done, 0 failed, 3 pruned"), launched.out());
        for (Run run : experiment.runs().subList(1, 4)) {
            List<String> record = Files.readAllLines(run.record());
            Map<String, Object> prune = record.stream().map(Json::parseObject).filter(e -> "prune".equals(e.get("event")))
                    .findFirst().orElseThrow();
            assertEquals(2, ((Number) prune.get("rung")).intValue(), "at the first rung: " + record);
            assertEquals("asha", prune.get("rule"));
            int steps = Metrics.read(run.metrics()).lines().size();
            assertTrue(steps < 30, run.name() + " was stopped soon after its rung, not at the end: " + steps + " steps");
            assertTrue(record.indexOf(record.stream().filter(l -> l.contains("\"prune\"")).findFirst().orElseThrow())
                    < record.indexOf(record.stream().filter(l -> l.contains("\"end\"")).findFirst().orElseThrow()),
                    "the prune is recorded before the end");
        }
        assertEquals(40, Metrics.read(experiment.runs().get(0).metrics()).lines().size(), "the best ran to its end");
        assertFalse(Files.exists(experiment.runs().get(1).attempts()), "a pruned run is not retried");

        Cli.Result status = lab.command("status", experiment.dir().toString(), "--json").ok();
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = ((List<Map<String, Object>>) Json.readPythonic(status.out())).get(0);
        assertEquals(3, ((Number) counts.get("pruned")).intValue());
        assertEquals(1.0, ((Number) counts.get("progress")).doubleValue());
        assertTrue(lab.command("status", experiment.dir().toString()).ok().out().contains(" pruned "));
        List<String> csv = lab.command("collect", experiment.dir().toString(), "--csv").ok().outLines();
        assertTrue(csv.get(2).startsWith("0001_x_2,0,pruned,"), csv.get(2));

        Cli.Result again = Cli.run("launch", script.toString(), experiment.dir().toString(), "--results-path", lab.results.toString(),
                "--retries", "1", "--prune", "asha", "--metric", "loss").ok();
        assertTrue((again.out() + again.err()).contains("nothing to run"), "pruned runs are never resumed: " + again.out() + again.err());
        Cli.Result cleaned = lab.command("clean", experiment.dir().toString(), "--do").ok();
        assertEquals(List.of("done", "pruned", "pruned", "pruned"), states(experiment), cleaned.out());
    }

    @Test
    void medianStopsRunsWorseThanTheMedianOfTheOthers() {
        Cli.Result launched = launch("--prune", "median", "--metric", "loss", "--grace-step", "3").ok();
        Experiment experiment = lab.only();
        assertEquals(List.of("done", "done", "pruned", "pruned"), states(experiment), launched.out() + launched.err());
        assertTrue(launched.out().contains("2 done, 0 failed, 2 pruned"), launched.out());
        assertEquals(RunState.PRUNED, experiment.runs().get(3).snapshot().record().endedState());
    }

    @Test
    void pruningOptionsAreCheckedBeforeAnythingStarts() {
        launch("--prune", "asha").rejected();
        launch("--prune", "sometimes", "--metric", "loss").rejected();
        launch("--metric", "loss").rejected();
        launch("--prune", "median", "--metric", "loss", "--reduction", "2").rejected();
        launch("--prune", "asha", "--metric", "loss", "--reduction", "1").rejected();
        assertTrue(lab.experiments().isEmpty());
    }
}
