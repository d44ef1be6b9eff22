package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.slurm.TaskScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Slurm array task without a cluster: the real batch program ({@link TaskScript}) run by bash, as
 * sbatch would, against a stub {@code java} (fixtures/stub-java) that answers its questions.
 */
public final class StubTask {
    private StubTask() {
    }

    /** The stub JVM in folder {@code stub}, answering {@code answers} in order (then empty lines). */
    public static Path java(Path stub, String... answers) throws IOException {
        Files.createDirectories(stub);
        Path java = stub.resolve("java");
        try (InputStream in = StubTask.class.getResourceAsStream("/fixtures/stub-java")) {
            Files.copy(in, java);
        }
        assertTrue(java.toFile().setExecutable(true));
        TestFiles.write(stub.resolve("answers"), answers.length == 0 ? "" : String.join("\n", answers) + "\n");
        return java;
    }

    /** The questions the stub was asked: {@code serve <claimed> <after>} or {@code once <claimed> <after>}. */
    public static List<String> questions(Path java) {
        return TestFiles.read(java.resolveSibling("questions")).lines().toList();
    }

    /**
     * Runs the task in {@code dir} (submission {@code slurm-test}, state folder {@code state}) with
     * {@code bash script} as the runs' command, in the test's environment without liftoff's own
     * variables (the build sets LIFTOFF_STATE_DIR for every test) plus {@code env}.
     */
    public static Shells.Result run(Path dir, Path java, Path experiment, Path state, Path script, Map<String, String> env) {
        Path task = TestFiles.write(dir.resolve("task"), TaskScript.TEXT);
        List<String> command = new ArrayList<>(List.of("env"));
        System.getenv().keySet().stream().filter(name -> name.startsWith("LIFTOFF_")).sorted().forEach(name -> {
            command.add("-u");
            command.add(name);
        });
        command.addAll(List.of("bash", task.toString(), java.toString(), dir.resolve("no.jar").toString(),
                experiment.toString(), "slurm-test", "0", "", "1", state.toString(), "stop", "bash", script.toString()));
        return Shells.run(dir, env, command.toArray(String[]::new));
    }
}
