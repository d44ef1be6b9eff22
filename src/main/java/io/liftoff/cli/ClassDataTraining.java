package io.liftoff.cli;

import io.liftoff.store.ExperimentWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the build runs once, under {@code -XX:ArchiveClassesAtExit}, so that the class-data archive
 * bin/liftoff uses holds the classes the common commands load: {@code liftoff-status -a} of an empty
 * folder (the cold start {@code watch} pays every second) and a launch of a few trivial runs (the
 * configs, the experiment's files, the supervisor and the records). Classes not in the archive are
 * read from the JAR and verified at every start; for a launch that was about a fifth of its time to
 * the first run (docs/PERFORMANCE.md). Its argument is a scratch folder. It never fails the build: an
 * archive of what it loaded before a failure is still an archive.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        try {
            train(Path.of(args[0]).toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("class-data training stopped early: " + e);
        }
        System.exit(0);
    }

    private static void train(Path scratch) throws IOException {
        ExperimentWriter.deleteOwnTree(scratch);
        Path configs = scratch.resolve("configs");
        Files.createDirectories(configs);
        Files.writeString(configs.resolve("default.yaml"), "x: 1\nnested:\n  y: [1, 2]\n", StandardCharsets.UTF_8);
        Path script = scratch.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String results = scratch.resolve("results").toString();
        PrintWriter quiet = new PrintWriter(new StringWriter());
        Commands.run(new String[] {"status", "-a", "--results-path", scratch.resolve("empty").toString()}, quiet, quiet);
        Commands.run(new String[] {script.toString(), "--configs-dir", configs.toString(), "--results-path", results,
            "--runs-no", "8", "--procs-no", "2"}, quiet, quiet);
        Commands.run(new String[] {"status", "-a", "--results-path", results}, quiet, quiet);
    }
}
