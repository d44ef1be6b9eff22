package io.liftoff.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.RunFilter;
import io.liftoff.launch.ScriptCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a submission is split into job arrays under MaxArraySize, without a cluster (the dry run prints this plan). */
class SubmissionPlanTest {
    @TempDir
    Path dir;

    private SubmissionPlan plan(int runs, int maxArraySize, int runsPerTask, int procsNo) {
        Path script = TestFiles.write(dir.resolve("train.sh"), "#!/bin/sh\n");
        script.toFile().setExecutable(true);
        LaunchPlan launch = new LaunchPlan(ScriptCommand.resolve(script.toString(), "python3", List.of()), procsNo, null,
                RunFilter.parse(List.of()), dir, null, 0, null, 10, false, null, null);
        SlurmOptions options = new SlurmOptions(1, null, null, "10", null, null, null, null, true, 0, runsPerTask, List.of(), false,
                "java", "liftoff.jar");
        return SubmissionPlan.of(dir.resolve("results/exp"), "exp", "<submission>", launch, options, runs, maxArraySize);
    }

    private static String option(List<String> arguments, String prefix) {
        return arguments.stream().filter(a -> a.startsWith(prefix)).findFirst().orElse(null);
    }

    @Test
    void twoThousandFiveHundredRunsUnderMaxArraySize1001StayWithinTheLimit() {
        SubmissionPlan plan = plan(2500, 1001, 1, 8);
        assertEquals(List.of(1001, 1001, 498), plan.arrays().stream().map(SubmissionPlan.Array::tasks).toList());
        assertEquals(List.of(0, 1001, 2002), plan.arrays().stream().map(SubmissionPlan.Array::firstTask).toList());
        for (SubmissionPlan.Array array : plan.arrays()) {
            String spec = option(array.options(), "--array=");
            int largest = Integer.parseInt(spec.substring("--array=0-".length(), spec.indexOf('%')));
            assertTrue(largest <= 1000, "the largest index is at most MaxArraySize - 1: " + spec);
            assertTrue(spec.endsWith("%8"), "each array is throttled: " + spec);
        }
        List<String> second = plan.arrays().get(1).arguments("1234");
        assertTrue(second.indexOf("--dependency=afterany:1234") < second.indexOf(plan.folder().resolve("task").toString()),
                "the dependency is an sbatch option, before the script: " + second);
        assertTrue(second.contains("1001"), "the second array's tasks start at run 1001 of the index: " + second);
        assertFalse(plan.arrays().get(0).arguments(null).stream().anyMatch(a -> a.startsWith("--dependency")));
    }

    @Test
    void runsPerTaskDividesTheTasksAndNoThrottleWithoutProcsNo() {
        SubmissionPlan plan = plan(2500, 1001, 4, Integer.MAX_VALUE);
        assertEquals(List.of(625), plan.arrays().stream().map(SubmissionPlan.Array::tasks).toList());
        assertEquals("--array=0-624", option(plan.arrays().get(0).options(), "--array="));
        assertTrue(plan.arrays().get(0).options().contains("--gres=gpu:1"));
    }
}
