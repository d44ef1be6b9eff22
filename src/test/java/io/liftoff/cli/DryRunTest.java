package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.store.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liftoff --dry-run}: the plan of a launch, and nothing created, claimed or submitted (DESIGN §6). */
class DryRunTest {
    @TempDir
    Path dir;

    Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        Cli.run("prepare", "test_experiment", "--configs-dir", lab.configs.toString()).ok();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Cli.Result result) {
        return (Map<String, Object>) Json.parseObject(result.out());
    }

    @Test
    void aNewExperimentIsPlannedAndNothingIsCreated() throws Exception {
        Cli.Result plan = lab.liftoff("-e", "test_experiment", "--runs-no", "2", "--gpus", "0,1", "--per-gpu", "2", "--dry-run").ok();
        assertFalse(Files.exists(lab.results), "not even the results folder:\n" + plan.out());
        List<String> lines = plan.outLines();
        assertEquals("dry run: nothing is created, claimed or submitted", lines.get(0));
        assertTrue(plan.out().contains("results/<timestamp>_test_experiment (new)") && plan.out().contains("to start    18"), plan.out());
        assertTrue(plan.out().contains("local       4 at a time on GPUs 0,1 (at most 2,2 per GPU), detached"), plan.out());

        Map<String, Object> json = json(lab.liftoff("-e", "test_experiment", "--runs-no", "2", "--max-runs", "5", "--dry-run", "--json").ok());
        assertEquals(List.of("schema", "dry_run", "experiment", "new", "variations", "runs", "to_start", "backend", "local"),
                List.copyOf(json.keySet()));
        assertEquals(1, ((Number) json.get("schema")).intValue());
        assertEquals(9L, ((Number) json.get("variations")).longValue());
        assertEquals(18L, ((Number) json.get("runs")).longValue());
        assertEquals(5L, ((Number) json.get("to_start")).longValue(), "--max-runs caps what starts");
        assertFalse(Files.exists(lab.results));
    }

    @Test
    void anExistingExperimentCountsWhatIsPendingAndWhatWouldBeAdded() {
        lab.liftoff("--runs-no", "3", "--max-runs", "1").ok();
        Path experiment = lab.only().dir();
        Map<String, Object> json = json(lab.liftoff(experiment.toString(), "--runs-no", "5", "--dry-run", "--json").ok());
        assertEquals(false, json.get("new"));
        assertEquals(5L, ((Number) json.get("runs")).longValue(), "two runs would be added");
        assertEquals(4L, ((Number) json.get("to_start")).longValue(), "two pending and two added");
        assertEquals(3, lab.only().variations().get(0).runsNo(), "nothing was added");
    }

    @Test
    void badInputIsRejectedAsTheLaunchWouldRejectIt() {
        lab.liftoff("--runs-no", "0", "--dry-run").rejected();
        lab.liftoff("-c", "no_such_config", "--dry-run").rejected();
        lab.liftoff("--json").rejected();
        assertFalse(Files.exists(lab.results));
    }
}
