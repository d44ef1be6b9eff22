package io.liftoff.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.store.Mode;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruning rules on metrics files written by hand: what is judged, against what, and when. */
class PruningTest {
    @TempDir
    Path dir;

    Experiment experiment;
    List<Run> runs;

    @BeforeEach
    void fourRuns() {
        Lab lab = new Lab(dir);
        TestFiles.write(lab.configs.resolve("four/default.yaml"), "x: 0\n");
        TestFiles.write(lab.configs.resolve("four/config.yaml"), "x: [1, 2, 3, 4]\n");
        Path script = TestFiles.write(dir.resolve("nothing.sh"), "true\n");
        Cli.run("prepare", "--configs-dir", lab.configs.toString(), "four").ok();
        Cli.run("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString(),
                "-e", "four", "--procs-no", "4").ok();
        experiment = lab.only();
        runs = experiment.runs();
    }

    private void report(int run, String lines) {
        TestFiles.write(runs.get(run).metrics(), lines);
    }

    private static String steps(double... losses) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < losses.length; i++) {
            text.append("{\"step\": ").append(i + 1).append(", \"loss\": ").append(losses[i]).append("}\n");
        }
        return text.toString();
    }

    private Pruning asha() {
        return new Pruning(experiment, new Pruning.Settings(Pruning.Rule.ASHA, "loss", Mode.MIN, 2, 2, null));
    }

    @Test
    void ashaKeepsTheBestHalfAtEachRungAsRunsArrive() {
        Pruning pruning = asha();
        report(0, steps(1, 0.5));
        assertEquals(List.of(), pruning.check(runs), "alone at rung 2, the first run goes on");
        report(1, steps(2, 0.9));
        List<Pruning.Decision> decisions = pruning.check(runs);
        assertEquals(1, decisions.size());
        assertEquals(runs.get(1), decisions.get(0).run());
        assertEquals(2.0, decisions.get(0).step());
        assertEquals(0.9, decisions.get(0).value());
        assertEquals(List.of(), pruning.check(runs), "a file that did not grow is not judged again");

        report(2, steps(3, 0.4, 0.3));
        assertEquals(List.of(), pruning.check(runs), "0.4 is the best of three at rung 2; rung 4 is not reached yet");
        report(2, steps(3, 0.4, 0.3, 0.2));
        assertEquals(List.of(), pruning.check(runs), "alone at rung 4");
        report(0, steps(1, 0.5, 0.45, 0.35));
        decisions = pruning.check(runs);
        assertEquals(1, decisions.size(), "0.35 against 0.2 at rung 4: the best 1 of 2 goes on");
        assertEquals(runs.get(0), decisions.get(0).run());
        assertEquals(4.0, decisions.get(0).step());
    }

    @Test
    void aRunThatReportsNothingOrAnotherMetricIsNeverPruned() {
        Pruning pruning = asha();
        report(0, steps(0.1, 0.1));
        report(1, "{\"step\": 1, \"acc\": 0.1}\n{\"step\": 5, \"acc\": 0.1}\n");
        report(2, "garbage\n");
        assertEquals(List.of(), pruning.check(runs));
    }

    @Test
    void medianWaitsForTwoOthersAndTheGraceStep() {
        Pruning pruning = new Pruning(experiment, new Pruning.Settings(Pruning.Rule.MEDIAN, "loss", Mode.MIN, 3, 3, null));
        report(0, steps(1, 0.5, 0.33, 0.25));
        report(1, steps(2, 1, 0.66, 0.5));
        report(2, steps(3, 1.5));
        assertEquals(List.of(), pruning.check(runs), "run 2 has not reached the grace step; runs 0 and 1 have one other at most there");
        report(2, steps(3, 1.5, 1, 0.75));
        List<Pruning.Decision> decisions = pruning.check(runs);
        assertEquals(1, decisions.size());
        assertEquals(runs.get(2), decisions.get(0).run());
        assertEquals(0.75, decisions.get(0).value(), "its best so far, against the median 0.375 of the others at step 4");
        assertTrue(pruning.check(List.of(runs.get(3))).isEmpty(), "a run with no metrics file");
    }
}
