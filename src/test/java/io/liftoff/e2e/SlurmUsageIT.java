package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.Lab;
import io.liftoff.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slurm is optional: where sbatch is missing, --slurm is bad usage, and nothing is created. */
class SlurmUsageIT {
    @TempDir
    Path dir;

    @Test
    void slurmWithoutSbatchOnThePathIsExitTwoAndOneLine() throws Exception {
        Lab lab = new Lab(dir);
        lab.defaults("x: 1\n");
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("java", "bash", "python3")) {
            Path found = List.of(System.getenv("PATH").split(":")).stream().map(p -> Path.of(p, tool))
                    .filter(Files::isExecutable).findFirst().orElseThrow();
            Files.createSymbolicLink(tools.resolve(tool), found.toRealPath());
        }
        ProcessBuilder builder = Bin.builder(dir, "liftoff", List.of(Lab.fixture("fixture.py").toString(), "--slurm"));
        builder.environment().put("PATH", tools.toString());
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes()).strip();
        assertEquals(2, process.waitFor(), err);
        assertEquals("liftoff: --slurm: sbatch is not on the PATH (is this a Slurm login node?)", err);
        assertEquals(List.of(), TestFiles.tree(lab.results));
    }
}
