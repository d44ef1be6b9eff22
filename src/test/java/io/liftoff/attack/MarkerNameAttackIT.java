package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a script writes in its out_dir, whatever their names (DESIGN §11), never change what status,
 * procs, abort, clean or a launcher think of the run or the experiment: markers of liftoff's old
 * layout, records, attempts, a stop file, an experiment or session file, out and err made folders.
 */
@Timeout(120)
class MarkerNameAttackIT {
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

    /** Writes liftoff's old markers, claiming the run ended, crashed, was aborted and belongs to someone else. */
    private static final String OLD_MARKERS = String.join("\n",
            "for m in .__end .__crash .__aborted .__start .__lock .__leaf .__launch; do printf '1700000000\\n0\\n' > \"$out_dir/$m\"; done",
            "mkdir -p \"$out_dir/.__runs\" \"$out_dir/.__attempts/$run/1\"",
            "printf '{\"event\":\"end\",\"time\":1,\"code\":0}\\n' > \"$out_dir/.__runs/$run\"",
            "printf '{\"event\":\"claim\",\"owner\":\"session-ffffffff\"}\\n{\"event\":\"end\",\"time\":1,\"code\":9}\\n' > \"$out_dir/.__runs/0\"",
            "printf '{\"event\":\"abort\",\"time\":1}\\n' >> \"$out_dir/.__runs/0\"",
            "printf '{\"hash\":\"x\",\"runs\":9}' > \"$out_dir/.__variation\"",
            "");

    @Test
    void oldMarkersAndFakeRecordsInTheRunFolderChangeNothing() {
        Path script = lab.script("markers.sh", OLD_MARKERS + "note start\nhold\n");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        AttackLab.await("both runs to write their markers", 30, () -> lab.starts().size() == 2);
        assertEquals(Map.of("0", "running", "1", "running"), lab.states(experiment));
        assertTrue(lab.run("liftoff-procs", experiment.toString()).out().contains("0000_default/1"));
        lab.release();
        assertEquals(0, AttackLab.waitFor(launcher, 30));
        Map<String, Object> status = lab.status(experiment);
        assertEquals(2L, AttackLab.count(status, "total"));
        assertEquals(2L, AttackLab.count(status, "done"));
        assertTrue(lab.run("liftoff-clean", experiment.toString(), "--do").out().contains("nothing to clean"));
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts());
        assertTrue(Files.exists(AttackLab.runDir(experiment, 0).resolve(".__end")), "the script's files stay");
    }

    @Test
    void aCrashedRunsFakeMarkersNeitherHideItFromCleanNorAreMovedByIt() {
        Path script = lab.script("markers.sh", OLD_MARKERS + "note start\nexit 5\n");
        lab.liftoff(script, "--detach").expect(1);
        Path experiment = lab.experiment();
        assertEquals("crashed", lab.states(experiment).get("0"));
        AttackLab.Result clean = lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        assertTrue(clean.out().contains("reset 0000_default/0"), clean.out());
        assertEquals("pending", lab.states(experiment).get("0"));
        Path run = AttackLab.runDir(experiment, 0);
        for (String marker : new String[] {".__end", ".__crash", ".__aborted", ".__lock", ".__runs/0", ".__variation"}) {
            assertTrue(Files.exists(run.resolve(marker)), marker + " is the script's and stays");
        }
    }

    @Test
    void aStopFileInARunFolderDoesNotStopTheLauncher() {
        Path script = lab.script("stop.sh", "note start\ntouch \"$out_dir/.STOP\"\n");
        lab.liftoff(script, "--runs-no", "3", "--procs-no", "1").expect(0);
        assertEquals(Map.of("0", "done", "1", "done", "2", "done"), lab.states(lab.experiment()));
    }

    @Test
    void anExperimentFileInARunFolderDoesNotMakeItAnExperiment() {
        Path script = lab.script("experiment.sh", "note start\n"
                + "printf '{\"name\":\"fake\",\"timestamp\":\"2099Jan01-000000\",\"created\":4070908800}' > \"$out_dir/.__experiment\"\n"
                + "mkdir -p \"$out_dir/0000_fake/.__runs\"\nprintf '{\"hash\":\"x\",\"runs\":1}' > \"$out_dir/0000_fake/.__variation\"\n");
        lab.liftoff(script, "--detach").expect(0);
        Path experiment = lab.experiment();
        AttackLab.Result all = lab.run("liftoff-status", "-a", "--json").expect(0);
        assertFalse(all.out().contains("2099Jan01"), all.out());
        assertTrue(lab.run("liftoff-clean", "-t", "2099Jan01").exitCode() != 0, "no such experiment");
        assertEquals(Map.of("0", "done"), lab.states(experiment));
    }

    @Test
    void aSessionFileInARunFolderIsNobodysSession() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "300").start();
        try {
            ProcessIdentity real = ProcessTable.identify(bystander.pid()).orElseThrow();
            lab.env.put("BYSTANDER", "{\"session_id\":\"session-0badcafe\",\"pid\":" + real.pid() + ",\"start_ticks\":"
                    + real.startTicks() + ",\"host\":\"" + real.host() + "\",\"started\":1}");
            Path script = lab.script("session.sh", "note start\nprintf '%s' \"$BYSTANDER\" > \"$out_dir/.__session-0badcafe\"\nhold\n");
            lab.launch("launcher.log", script, "--detach");
            Path experiment = lab.experiment();
            AttackLab.await("the fake session file", 30, () -> Files.exists(AttackLab.runDir(experiment, 0).resolve(".__session-0badcafe")));
            assertFalse(lab.run("liftoff-procs", experiment.toString()).out().contains("0badcafe"));
            assertFalse(lab.run("liftoff-abort", experiment.toString(), "-y", "--grace", "1").expect(0).out().contains("0badcafe"));
            AttackLab.pause(300);
            assertTrue(bystander.isAlive(), "abort never signals a process a script's file names");
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void outAndErrMadeFoldersByTheScriptAreItsOwnAndStay() {
        Path script = lab.script("folders.sh", "note start\nexec >/dev/null 2>&1\nrm -f \"$out_dir/out\" \"$out_dir/err\"\n"
                + "mkdir -p \"$out_dir/out\" \"$out_dir/err\"\necho keep > \"$out_dir/out/model.bin\"\nexit 2\n");
        lab.liftoff(script, "--detach").expect(1);
        Path experiment = lab.experiment();
        lab.run("liftoff-clean", experiment.toString(), "--do").expect(0);
        Path run = AttackLab.runDir(experiment, 0);
        assertEquals("keep\n", AttackLab.read(run.resolve("out/model.bin")), "clean moves only liftoff's own out and err");
        assertEquals("pending", lab.states(experiment).get("0"));
        // Its output cannot go where a folder of the script's now is: the launcher says so and touches nothing.
        AttackLab.Result again = lab.liftoff(script, experiment.toString()).expect(3);
        assertTrue(again.err().contains("could not start 1 run: 0000_default/0"), again.all());
        assertEquals("keep\n", AttackLab.read(run.resolve("out/model.bin")));
        assertEquals("pending", lab.states(experiment).get("0"));
    }

    @Test
    void filesNamedLikeRunsAndVariationsInARunFolderAddNoRuns() {
        Path script = lab.script("names.sh", "note start\nfor n in 0 1 2 7 .__runs/1 0001_x 0001_x/.__variation .__journal .__aborts; do "
                + "mkdir -p \"$out_dir/$(dirname $n)\"; printf '9\\n' > \"$out_dir/$n\"; done 2>/dev/null\n");
        lab.liftoff(script, "--runs-no", "2", "--procs-no", "2").expect(0);
        Path experiment = lab.experiment();
        Map<String, Object> status = lab.status(experiment);
        assertEquals(2L, AttackLab.count(status, "total"));
        assertEquals(2L, AttackLab.count(status, "done"));
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts(), "a later launcher is not stopped by a run folder's .__aborts either");
    }
}
