package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts that do odd things to their folder, their files, their signals or themselves (DESIGN §11:
 * liftoff never deletes or empties a run folder nor any file a script wrote, and a script that wipes
 * and re-creates its out_dir keeps its run, visible and never run twice).
 */
@Timeout(120)
class OddScriptAttackIT {
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
    void thePythonWipeIdiomKeepsItsRunVisibleAndRunsItOnce() {
        Path script = TestFiles.write(dir.resolve("wipe.py"), String.join("\n",
                "import os, shutil, sys, time",
                "from liftoff import parse_opts",
                "opts = parse_opts()",
                "with open(os.environ['ATTACK_LOG'], 'a') as log:",
                "    log.write('start %s %d %d\\n' % (opts.out_dir, os.getpid(), time.time() * 1e6))",
                "shutil.rmtree(opts.out_dir)",
                "os.makedirs(opts.out_dir)",
                "with open(os.path.join(opts.out_dir, 'checkpoint'), 'w') as f:",
                "    f.write('epoch 3')",
                "while not os.path.exists(os.environ['ATTACK_RELEASE']):",
                "    time.sleep(0.05)",
                ""));
        Process first = lab.launch("first.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        AttackLab.await("both runs to have wiped their folders", 30, () -> lab.starts().size() == 2);
        assertEquals(Map.of("0", "running", "1", "running"), lab.states(experiment), "still visible while they run");
        AttackLab.Result second = lab.liftoff(script, experiment.toString());
        lab.release();
        assertEquals(0, AttackLab.waitFor(first, 30));
        second.expect(0);
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment));
        lab.liftoff(script, experiment.toString()).expect(0);
        lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts(), "each run once");
        assertEquals("epoch 3", AttackLab.read(AttackLab.runDir(experiment, 0).resolve("checkpoint")));
    }

    @Test
    void aRunThatDeletesItsFolderForGoodIsDoneAndNeverRunAgain() {
        Path script = lab.script("vanish.sh", "note start\nrm -rf \"$out_dir\"\n");
        lab.liftoff(script, "--runs-no", "2", "--procs-no", "2").expect(0);
        Path experiment = lab.experiment();
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment));
        lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts());
    }

    @Test
    void aRetryGetsItsConfigBackAfterTheScriptDeletedIt() {
        Path script = lab.script("forget.sh", "note start\n"
                + "if [ \"$LIFTOFF_ATTEMPT\" = 1 ]; then rm -f \"$out_dir/cfg.yaml\" \"$out_dir/cfg.json\"; exit 4; fi\n"
                + "grep -q '^x: 1$' \"$cfg\"\n");
        lab.liftoff(script, "--detach", "--retries", "1").expect(0);
        assertEquals("done", lab.states(lab.experiment()).get("0"));
        assertEquals(Map.of("0", 2L), lab.starts());
    }

    @Test
    void aScriptThatCannotBeExecutedIsACrashThatTheLauncherReports() throws IOException {
        Path script = dir.resolve("crlf-script");
        Files.writeString(script, "#!/bin/bash\r\necho hi\r\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        AttackLab.Result result = lab.run("liftoff", "./crlf-script", "--runs-no", "2", "--procs-no", "2").expect(1);
        Map<String, Object> status = lab.status(lab.experiment());
        assertEquals(2L, AttackLab.count(status, "crashed"), result.all());
    }

    @Test
    void aScriptDeletedWhileItsExperimentRunsMakesTheLaterRunsCrashNotVanish() {
        Path script = lab.script("self-delete.sh", "note start\nrm -f \"$0\"\n");
        AttackLab.Result result = lab.liftoff(script, "--runs-no", "3", "--procs-no", "1").expect(1);
        Map<String, String> states = lab.states(lab.experiment());
        assertEquals(Map.of("0", "done", "1", "crashed", "2", "crashed"), states, result.all());
    }

    @Test
    void aScriptThatSignalsItsOwnProcessGroupCrashesAndItsEndIsRecorded() {
        Path script = lab.script("group.sh", "note start\nkill -TERM 0\nsleep 5\n");
        lab.liftoff(script, "--detach").expect(1);
        Path experiment = lab.experiment();
        assertEquals("crashed", lab.states(experiment).get("0"));
        assertEquals(143, AttackLab.record(experiment, 0).end().code());
    }

    @Test
    void aScriptThatExecsAnotherProgramIsStillTracked() {
        Path script = lab.script("exec.sh", "note start\nexec sleep $LONG\n");
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.await("the exec", 30, () -> lab.alive(lab.longSleep).size() == 1);
        long pid = lab.alive(lab.longSleep).get(0);
        assertTrue(lab.run("liftoff-procs", experiment.toString()).out().contains(Long.toString(pid)));
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("it to be gone", 10, () -> lab.alive().isEmpty());
        assertEquals("aborted", lab.states(experiment).get("0"));
    }

    @Test
    void aScriptThatIgnoresTermIsKilledAfterTheGracePeriod() {
        Path script = lab.script("stubborn.sh", "trap '' TERM INT HUP\nnote start\nsleep $LONG & wait\nsleep $LONG\n");
        lab.launch("launcher.log", script, "--detach");
        Path experiment = lab.experiment();
        AttackLab.await("the script", 30, () -> lab.alive(lab.longSleep).size() == 1);
        AttackLab.Result abort = lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        assertTrue(abort.millis() < 10_000, "took " + abort.millis() + " ms");
        AttackLab.await("it to be gone", 5, () -> lab.alive().isEmpty());
        assertEquals("aborted", lab.states(experiment).get("0"));
    }

    @Test
    void aDetachedScriptThatReadsItsInputGetsAnEndOfFile() {
        Path script = lab.script("reader.sh", "note start\nread -r line; echo \"read:$?:$line\"\ncat\n");
        AttackLab.Result result = lab.run(30, "liftoff", script.toString(), "--detach");
        result.expect(0);
        assertEquals("read:1:\n", AttackLab.read(AttackLab.runDir(lab.experiment(), 0).resolve("out")));
    }

    @Test
    void aScriptWhoseNameLooksLikeShellRunsAsItIs() {
        Path script = lab.script("we ird '$(touch pwned)' `touch pwned2`;x.sh", "note start\necho \"$0\"\n");
        lab.liftoff(script, "--detach").expect(0);
        assertEquals(script + "\n", AttackLab.read(AttackLab.runDir(lab.experiment(), 0).resolve("out")));
        assertFalse(Files.exists(dir.resolve("pwned")) || Files.exists(dir.resolve("pwned2")));
    }

    @Test
    void aScriptThatFillsItsFolderWithThousandsOfFilesKeepsThemAll() throws IOException {
        Path script = lab.script("many.sh", "note start\nmkdir \"$out_dir/many\"\ncd \"$out_dir/many\" && touch $(seq 1 5000)\n"
                + "echo boom >&2\nexit 1\n");
        lab.liftoff(script, "--detach").expect(1);
        Path experiment = lab.experiment();
        AttackLab.Result status = lab.run("liftoff-status", experiment.toString());
        assertTrue(status.millis() < 10_000);
        lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        Path run = AttackLab.runDir(experiment, 0);
        try (var files = Files.list(run.resolve("many"))) {
            assertEquals(5000, files.count(), "every file the script wrote stays");
        }
        assertFalse(Files.exists(run.resolve("err")), "its err went to its attempt");
        assertEquals("boom\n", AttackLab.read(AttackLab.variation(experiment).resolve(".__attempts/0/1/err")));
    }

    @Test
    void aScriptThatDaemonizesItselfEntirelyIsDoneWithProcessesLeftBehind() {
        Path script = lab.script("become-daemon.sh", "note start\nexec setsid sleep $LONG\n");
        lab.liftoff(script, "--detach", "--keep-leftovers").expect(0);
        Path experiment = lab.experiment();
        AttackLab.await("the daemon", 10, () -> lab.alive(lab.longSleep).size() == 1);
        Map<String, Object> status = lab.status(experiment);
        assertEquals(1L, AttackLab.count(status, "left_processes"), status.toString());
        lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0);
        AttackLab.await("it to be gone", 10, () -> lab.alive().isEmpty());
        assertEquals(List.of("done"), List.copyOf(lab.states(experiment).values()));
    }

    @Test
    void aScriptThatDeletesItsWholeExperimentLeavesNoSkeletonBehind() throws Exception {
        Path script = lab.script("wipe-all.sh", "note start\nrm -rf \"$(cd \"$out_dir/../..\" && pwd)\"\necho still talking\necho and warning >&2\n");
        AttackLab.Result result = lab.liftoff(script, "--runs-no", "3", "--procs-no", "1").expect(3);
        try (java.util.stream.Stream<Path> left = Files.list(lab.results)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith(".")).toList(),
                    "no experiment, variation or run folder was made again:\n" + result.all());
        }
        assertEquals(Map.of("0", 1L), lab.starts(), "no further run started in a deleted experiment");
        assertEquals(1L, result.all().lines().filter(l -> l.contains("is gone")).count(), "one line says so:\n" + result.all());
    }

    @Test
    void aScriptThatDeletesItsVariationLeavesTheVariationDeleted() {
        Path script = lab.script("wipe-variation.sh", "note start\nrm -rf \"$(cd \"$out_dir/..\" && pwd)\"\necho still talking\n");
        AttackLab.Result result = lab.liftoff(script).expect(3);
        assertTrue(result.all().contains("its variation folder"), result.all());
        Path experiment = lab.experiment();
        assertTrue(Files.exists(experiment.resolve(".__experiment")));
        try (java.util.stream.Stream<Path> left = Files.list(experiment)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("0000_")).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
