package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output floods and odd output (DESIGN §11: output is never lost, and its handling is linear in its size
 * for any line length or \r progress bars): every byte lands in out/err, attached output reaches the
 * terminal in bounded time and memory, a child that keeps the output open cannot hold the launcher,
 * and a script that wipes its folder keeps what it prints afterwards.
 */
@Timeout(120)
class OutputAttackIT {
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

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The launcher's peak resident memory in KiB, watched until it exits. */
    private static long peakKib(Process launcher) {
        long peak = 0;
        while (launcher.isAlive()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + launcher.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // it has just exited
            }
            AttackLab.pause(50);
        }
        return peak;
    }

    @Test
    void aDetachedFloodKeepsEveryByte() {
        Path script = lab.script("flood.sh", "head -c 20000000 /dev/zero | tr '\\0' x\nhead -c 5000000 /dev/zero | tr '\\0' y >&2\n");
        lab.liftoff(script, "--detach").expect(0);
        Path run = AttackLab.runDir(lab.experiment(), 0);
        assertEquals(20_000_000L, size(run.resolve("out")));
        assertEquals(5_000_000L, size(run.resolve("err")));
    }

    @Test
    void aProgressBarOfHalfAMillionRedrawsPassesThroughASingleRunInBoundedTime() {
        Path script = lab.script("bar.sh", "awk 'BEGIN { for (i = 0; i < 500000; i++) printf \"\\r%d%%\", i % 100; print \"\"; print \"finished\" }'\n");
        AttackLab.Result result = lab.run(60, "liftoff", script.toString()).expect(0);
        assertTrue(result.out().endsWith("99%\nfinished\n"), result.out().substring(Math.max(0, result.out().length() - 100)));
        assertTrue(result.millis() < 30_000, "took " + result.millis() + " ms");
        assertEquals(result.out().length(), size(AttackLab.runDir(lab.experiment(), 0).resolve("out")));
    }

    @Test
    void progressBarsOfSeveralAttachedRunsShowTheirLastStateInLinearTime() {
        Path script = lab.script("bar.sh", "awk 'BEGIN { for (i = 0; i < 1000000; i++) printf \"\\r%d%%\", i % 100; print \"\"; print \"finished\" }'\n");
        AttackLab.Result result = lab.run(60, "liftoff", script.toString(), "--runs-no", "2", "--procs-no", "2", "--no-detach").expect(0);
        assertTrue(result.millis() < 40_000, "took " + result.millis() + " ms");
        for (String run : List.of("0", "1")) {
            assertTrue(result.out().contains("[0000_default/" + run + "] 99%\n[0000_default/" + run + "] finished\n"), result.out());
        }
    }

    @Test
    void aHugeLineWithoutNewlineIsShownInPiecesAndMemoryStaysBounded() {
        Path script = lab.script("line.sh", "head -c 30000000 /dev/zero | tr '\\0' z\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "1", "--no-detach");
        long peak = peakKib(launcher);
        assertEquals(0, launcher.exitValue(), lab.read("launcher.log").substring(0, 300));
        assertTrue(peak < 300 * 1024, "the launcher peaked at " + peak / 1024 + " MiB");
        long shown = 0;
        int longest = 0;
        for (String line : lab.read("launcher.log").split("\n")) {
            if (line.startsWith("[0000_default/")) {
                shown += line.length() - "[0000_default/0] ".length();
                longest = Math.max(longest, line.length());
            }
        }
        assertEquals(60_000_000L, shown, "every byte was shown");
        assertTrue(longest <= 64 * 1024 + 20, "pieces of at most 64 KiB: " + longest);
    }

    @Test
    void bytesThatAreNotTextArriveUnchanged() throws IOException {
        Path script = lab.script("binary.sh", "head -c 2000000 /dev/urandom > \"$out_dir/../sent-$run\"\ncat \"$out_dir/../sent-$run\"\n");
        lab.run(60, "liftoff", script.toString()).expect(0);
        Path experiment = lab.experiment();
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(AttackLab.variation(experiment).resolve("sent-0")),
                Files.readAllBytes(AttackLab.runDir(experiment, 0).resolve("out"))));
    }

    @Test
    void aChildThatKeepsTheOutputOpenDoesNotHoldAnAttachedLauncher() {
        Path script = lab.script("bg.sh", "echo hello\nsleep $LONG &\nsetsid sleep $LONG &\necho bye\n");
        AttackLab.Result result = lab.run(30, "liftoff", script.toString(), "--keep-leftovers").expect(0);
        assertTrue(result.out().contains("hello\nbye\n"), result.out());
        assertTrue(result.millis() < 15_000, "took " + result.millis() + " ms");
        Path experiment = lab.experiment();
        assertEquals(1L, AttackLab.count(lab.status(experiment), "left_processes"));
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("the children to go", 10, () -> lab.alive().isEmpty());
    }

    @Test
    void aRunKeepsPrintingAfterItsAttachedLauncherWasKilled() {
        Path script = lab.script("talk.sh", "for i in $(seq 1 150); do echo \"line $i\"; sleep 0.01; done\necho done >&2\n");
        Process launcher = lab.launch("launcher.log", script);
        Path experiment = lab.experiment();
        AttackLab.await("some output", 30, () -> lab.read("launcher.log").contains("line 3"));
        AttackLab.kill("KILL", launcher.pid());
        AttackLab.await("the run's end", 30, () -> AttackLab.ended(experiment, 0));
        assertEquals("done", lab.states(experiment).get("0"), "not killed by a broken pipe");
        String out = AttackLab.read(AttackLab.runDir(experiment, 0).resolve("out"));
        assertEquals(150, out.lines().count());
        assertEquals("done\n", AttackLab.read(AttackLab.runDir(experiment, 0).resolve("err")));
    }

    @Test
    void aLauncherWhoseTerminalWentAwayLosesNoOutput() throws Exception {
        Path script = lab.script("talk.sh", "for i in $(seq 1 2000); do echo \"line $i\"; done\n");
        Process launcher = lab.builder("liftoff", List.of(script.toString(), "--runs-no", "2", "--no-detach")).start();
        launcher.getInputStream().close();
        launcher.getErrorStream().close();
        assertTrue(launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the launcher ends");
        Path experiment = lab.experiment();
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment));
        for (int run = 0; run < 2; run++) {
            assertEquals(2000, AttackLab.read(AttackLab.runDir(experiment, run).resolve("out")).lines().count());
        }
    }

    @Test
    void aScriptThatClosesItsOutputEndsNormally() {
        Path script = lab.script("closed.sh", "exec >&- 2>&-\nnote start\n");
        lab.liftoff(script, "--runs-no", "2", "--procs-no", "2").expect(0);
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(lab.experiment()));
    }

    @Test
    void whatADetachedRunPrintsAfterWipingItsFolderLandsInOut() {
        Path script = lab.script("wipe.sh", "echo before\necho warn-before >&2\nrm -rf \"$out_dir\"\nmkdir -p \"$out_dir\"\n"
                + "echo after\necho warn-after >&2\necho result > \"$out_dir/result\"\n");
        lab.liftoff(script, "--detach").expect(0);
        Path run = AttackLab.runDir(lab.experiment(), 0);
        assertTrue(AttackLab.read(run.resolve("out")).contains("after\n"), "out: " + AttackLab.read(run.resolve("out")));
        assertTrue(AttackLab.read(run.resolve("err")).contains("warn-after\n"), "err: " + AttackLab.read(run.resolve("err")));
        assertEquals("result\n", AttackLab.read(run.resolve("result")));
    }

    @Test
    void whatAnAttachedRunPrintsAfterWipingItsFolderReachesTheTerminal() {
        Path script = lab.script("wipe.sh", "echo before\nsleep 0.3\nrm -rf \"$out_dir\"\nmkdir -p \"$out_dir\"\nsleep 0.3\necho after\n");
        AttackLab.Result result = lab.run(30, "liftoff", script.toString()).expect(0);
        assertTrue(result.out().contains("before\nafter\n"), result.out());
        assertTrue(AttackLab.read(AttackLab.runDir(lab.experiment(), 0).resolve("out")).contains("after\n"));
    }

    @Test
    void linesOfSeveralAttachedRunsNeverMix() {
        Path script = lab.script("lines.sh", "awk -v r=$run 'BEGIN { for (i = 0; i < 3000; i++) printf \"run %s line %d %s\\n\", r, i, "
                + "sprintf(\"%0100d\", 0) }'\n");
        AttackLab.Result result = lab.run(60, "liftoff", script.toString(), "--runs-no", "2", "--procs-no", "2", "--no-detach").expect(0);
        Pattern line = Pattern.compile("\\[0000_default/([01])\\] run \\1 line \\d+ 0{100}");
        long runLines = result.out().lines().filter(l -> l.startsWith("[")).peek(l -> assertTrue(line.matcher(l).matches(), l)).count();
        assertEquals(6000, runLines);
    }
}
