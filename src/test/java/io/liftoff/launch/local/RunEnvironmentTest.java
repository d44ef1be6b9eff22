package io.liftoff.launch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.StubTask;
import io.liftoff.TestFiles;
import io.liftoff.launch.RunProtocol;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run gets the same LIFTOFF_* environment from the local supervisor and from a Slurm task. */
class RunEnvironmentTest {
    @TempDir
    Path dir;

    private Supervisor supervisor;

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
        io.liftoff.Lab.killRunsUnder(dir);
    }

    /** Experiment {@code name} with run r0 of variation v claimed. */
    private Path experiment(String name) {
        Path experiment = dir.resolve(name);
        TestFiles.write(experiment.resolve("v/" + Layout.RUNS + "/r0"), "{\"event\":\"claim\",\"owner\":\"x\"}\n");
        TestFiles.write(experiment.resolve("v/r0/.keep"), "");
        TestFiles.write(experiment.resolve(Layout.EXPERIMENT), "");
        return experiment;
    }

    /** What the run printed: its LIFTOFF_* variables, name to value. */
    private static Map<String, String> liftoffVariables(Path experiment) {
        return TestFiles.read(experiment.resolve("v/r0/" + Layout.OUT)).lines().filter(line -> line.startsWith("LIFTOFF_"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1),
                        (a, b) -> a, TreeMap::new));
    }

    @Test
    void localAndSlurmRunsGetTheSameLiftoffVariables() throws Exception {
        Path script = TestFiles.write(dir.resolve("env.sh"), "env\n");

        Path local = experiment("local");
        BlockingQueue<Supervisor.Event> events = new LinkedBlockingQueue<>();
        supervisor = Supervisor.start(new Supervisor.Settings(local, "session-test", "/dev/null", null, 1, false,
                List.of("bash", script.toString()), dir, RunProtocol.environment("session-test", local, local.resolve(Layout.PYTHON_LIB))),
                events);
        assertTrue(supervisor.start(0, "v", "r0", null, null, 1));
        Supervisor.Event event;
        do {
            event = events.poll(60, TimeUnit.SECONDS);
            assertNotNull(event, "the local run should end");
        } while (event.started());
        assertEquals(0, event.value());

        Path slurm = experiment("slurm");
        Path java = StubTask.java(dir.resolve("stub"), "v r0 1 - new");
        StubTask.run(dir, java, slurm, HostIndex.stateDir(), script, Map.of()).ok();

        Map<String, String> localVariables = liftoffVariables(local);
        Map<String, String> slurmVariables = liftoffVariables(slurm);
        // The test's own environment reaches a local run too (the supervisor inherits it); what the build sets that liftoff does not, is not the run's.
        Set<String> inherited = System.getenv().keySet().stream().filter(name -> !RunProtocol.ENVIRONMENT.contains(name))
                .collect(Collectors.toSet());
        localVariables.keySet().removeAll(inherited);
        assertEquals(localVariables.keySet(), slurmVariables.keySet());
        assertEquals(RunProtocol.ENVIRONMENT.stream().filter(name -> name.startsWith("LIFTOFF_")).collect(Collectors.toSet()),
                slurmVariables.keySet(), "every LIFTOFF_ variable of the protocol");
        assertEquals(HostIndex.stateDir().toString(), slurmVariables.get(RunProtocol.STATE_DIR));
        assertEquals(localVariables.get(RunProtocol.STATE_DIR), slurmVariables.get(RunProtocol.STATE_DIR));
    }
}
