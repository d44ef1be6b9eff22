package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Lab;
import io.liftoff.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slurm is optional: where sbatch is missing, --slurm is bad usage, and nothing is created. */
class SlurmUsageIT {
    @TempDir
    Path dir;

    /** Slurm's commands as shell scripts that note each call in {@code calls}: a cluster's answers without one. */
    private Path fakeSlurm(int maxSubmit, int queued, String sbatch) {
        Path fake = dir.resolve("fake-slurm");
        Path calls = dir.resolve("calls");
        String note = "echo \"$(basename \"$0\") $*\" >> " + calls + "\n";
        StringBuilder queue = new StringBuilder();
        for (int i = 0; i < queued; i++) {
            queue.append("echo '7|").append(i).append("|PENDING|Priority|N/A|1:00'\n");
        }
        Map<String, String> tools = Map.of(
                "scontrol", note + "echo 'MaxArraySize            = 1001'\necho 'AccountingStorageEnforce = associations,limits,qos'\n",
                "sacctmgr", note + "case \"$*\" in *assoc*) echo '|normal';; *qos*) echo '" + maxSubmit + "';; esac\n",
                "squeue", note + queue,
                "sacct", note,
                "scancel", note,
                "sbatch", note + sbatch);
        tools.forEach((name, text) -> TestFiles.write(fake.resolve(name), "#!/bin/bash\n" + text).toFile().setExecutable(true));
        return fake;
    }

    private Process launch(Path fake, String... args) throws Exception {
        ProcessBuilder builder = Bin.builder(dir, "liftoff", List.of(args));
        builder.environment().put("PATH", fake + ":" + System.getenv("PATH"));
        return builder.start();
    }

    @Test
    void aSubmissionPastTheQosLimitIsExitThreeNamingTheLimitAndNothingIsSubmitted() throws Exception {
        Lab lab = new Lab(dir);
        lab.defaults("x: 1\n");
        Path fake = fakeSlurm(10, 4, "echo 99\n");
        for (boolean dry : List.of(true, false)) {
            List<String> args = new java.util.ArrayList<>(List.of(Lab.fixture("fixture.py").toString(), "--runs-no", "7", "--slurm"));
            if (dry) {
                args.add("--dry-run");
            }
            Process process = launch(fake, args.toArray(String[]::new));
            String err = new String(process.getErrorStream().readAllBytes()).strip();
            assertEquals(3, process.waitFor(), err);
            assertEquals("liftoff: Slurm QOS normal: MaxSubmitJobsPerUser=10, you have 4 jobs queued and this submission needs 7 "
                    + "(one per array task): nothing submitted; --runs-per-task K needs K times fewer", err);
        }
        assertFalse(TestFiles.read(dir.resolve("calls")).contains("sbatch"), "sbatch was never called");
        for (io.liftoff.store.Experiment experiment : lab.experiments()) {
            assertEquals(List.of(), io.liftoff.slurm.Submission.readAll(experiment.dir(), experiment.entries()));
        }
        // Six fit (4 + 6 = 10): submitted.
        Process fits = launch(fake, Lab.fixture("fixture.py").toString(), "--runs-no", "6", "--slurm");
        String err = new String(fits.getErrorStream().readAllBytes());
        assertEquals(0, fits.waitFor(), err);
        assertTrue(TestFiles.read(dir.resolve("calls")).contains("sbatch --parsable"));
    }

    @Test
    void requeueOnTimeoutWithoutAUsrSignalOrWithoutSlurmIsExitTwoAndCreatesNothing() throws Exception {
        Lab lab = new Lab(dir);
        lab.defaults("x: 1\n");
        Path fake = fakeSlurm(100, 0, "echo 5\n");
        Map<List<String>, String> cases = Map.of(
                List.of("--slurm", "--requeue-on-timeout", "2"), "liftoff: --requeue-on-timeout needs --signal USR1@S or USR2@S: "
                        + "the warning the script checkpoints on before its time limit",
                List.of("--slurm", "--requeue-on-timeout", "2", "--signal", "TERM@60"), "liftoff: --requeue-on-timeout needs "
                        + "--signal USR1@S or USR2@S: the warning the script checkpoints on before its time limit",
                List.of("--requeue-on-timeout", "2"), "liftoff: --requeue-on-timeout needs --slurm");
        for (Map.Entry<List<String>, String> entry : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of(Lab.fixture("fixture.py").toString()));
            args.addAll(entry.getKey());
            Process process = launch(fake, args.toArray(String[]::new));
            String err = new String(process.getErrorStream().readAllBytes()).strip();
            assertEquals(2, process.waitFor(), err);
            assertEquals(entry.getValue(), err);
        }
        assertEquals(List.of(), TestFiles.tree(lab.results));
    }

    @Test
    void whenSlurmRefusesALaterArrayTheEarlierOnesAreCancelledAndNoSubmissionStays() throws Exception {
        Lab lab = new Lab(dir);
        lab.defaults("x: 1\n");
        // MaxArraySize 1001: 1,500 runs are two arrays; Slurm takes the first and refuses the second.
        Path fake = fakeSlurm(100_000, 0, "if [ -e " + dir.resolve("once") + " ]; then echo 'sbatch: error: Batch job submission "
                + "failed: Job violates accounting/QOS policy' >&2; exit 1; fi\ntouch " + dir.resolve("once") + "\necho 41\n");
        Process process = launch(fake, Lab.fixture("fixture.py").toString(), "--runs-no", "1500", "--slurm");
        String err = new String(process.getErrorStream().readAllBytes()).strip();
        assertEquals(3, process.waitFor(), err);
        assertTrue(err.contains("QOS policy") && err.contains("cancelled what was queued before: job 41") && !err.contains("\n"), err);
        assertTrue(TestFiles.read(dir.resolve("calls")).contains("scancel 41"), TestFiles.read(dir.resolve("calls")));
        assertEquals(List.of(), io.liftoff.slurm.Submission.readAll(lab.only().dir(), lab.only().entries()), "no submission stays");
    }

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
