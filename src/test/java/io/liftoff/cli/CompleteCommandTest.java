package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.TestFiles;
import io.liftoff.store.ExperimentMeta;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.HostIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liftoff complete KIND [PREFIX]}: the names shell completion offers, from temporary folders. */
class CompleteCommandTest {
    @TempDir
    Path dir;

    private Path experiment(Path results, String name, String timestamp) throws Exception {
        Files.createDirectories(results);
        ExperimentMeta meta = new ExperimentMeta(name, timestamp, System.currentTimeMillis(), null, "run.sh",
                dir.toString(), List.of(), "test", null, 1, 0);
        return ExperimentWriter.create(results, meta, List.of(), 0, 1).dir();
    }

    private List<String> complete(String... args) {
        Cli.Result result = Cli.run(List.of("complete"), args).ok();
        assertEquals("", result.err());
        return result.outLines();
    }

    @Test
    void experimentsAreNamedByNameAndFolderStartingWithThePrefix() throws Exception {
        Path results = dir.resolve("results");
        Path first = experiment(results, "cmpl_alpha", "1999Jan01-000000");
        experiment(results, "cmpl_alpha", "1999Jan02-000000");
        experiment(results, "cmpl_beta", "1999Jan03-000000");

        assertEquals(List.of("cmpl_alpha", "cmpl_beta"), complete("--results-path", results.toString(), "experiments", "cmpl_"));
        assertEquals(List.of("cmpl_beta"), complete("--results-path", results.toString(), "experiments", "cmpl_b"));
        assertEquals(List.of(first.getFileName().toString()),
                complete("--results-path", results.toString(), "experiments", first.getFileName().toString()));
        assertEquals(List.of("1999Jan01-000000", "1999Jan02-000000", "1999Jan03-000000"),
                complete("--results-path", results.toString(), "timestamps", "1999Jan"));
        assertEquals(List.of("1999Jan02-000000"), complete("--results-path", results.toString(), "timestamps", "1999Jan02"));
    }

    @Test
    void experimentsLaunchedFromThisHostCountFromAnyFolder() throws Exception {
        Path elsewhere = experiment(dir.resolve("elsewhere"), "cmpl_far_away", "1999Feb01-000000");
        HostIndex.local().addExperiment(elsewhere);

        assertEquals(List.of("cmpl_far_away"), complete("--results-path", dir.resolve("results").toString(), "experiments", "cmpl_far"));
        assertEquals(List.of("1999Feb01-000000"), complete("--results-path", dir.resolve("results").toString(), "timestamps", "1999Feb"));
    }

    @Test
    void configsAreNamedAsDashCTakesThemAndGridsAreFoldersWithAGrid() {
        Path configs = dir.resolve("configs");
        TestFiles.write(configs.resolve("default.yaml"), "x: 1\n");
        TestFiles.write(configs.resolve("diff.yaml"), "x: 2\n");
        TestFiles.write(configs.resolve("legacy.yml"), "x: 3\n");
        TestFiles.write(configs.resolve(".hidden.yaml"), "x: 4\n");
        TestFiles.write(configs.resolve("notes.txt"), "not a config\n");
        TestFiles.write(configs.resolve("grid/default.yaml"), "x: 1\n");
        TestFiles.write(configs.resolve("grid/config.yaml"), "x: [1, 2]\n");
        TestFiles.write(configs.resolve("small/config_small.yaml"), "x: [1]\n");
        TestFiles.write(configs.resolve("no_grid/default.yaml"), "x: 1\n");
        TestFiles.write(configs.resolve("folder.yaml/config.yaml"), "x: [1]\n");

        assertEquals(List.of("default", "diff", "legacy.yml"), complete("--configs-dir", configs.toString(), "configs"));
        assertEquals(List.of("diff"), complete("--configs-dir", configs.toString(), "configs", "di"));
        assertEquals(List.of("folder.yaml", "grid", "small"), complete("--configs-dir", configs.toString(), "grids"));
        assertEquals(List.of("grid"), complete("--configs-dir", configs.toString(), "grids", "g"));
    }

    @Test
    void theDefaultFoldersAreThoseOfTheWorkingDirectory() {
        // Tests run in the repository, whose configs/ holds the tutorial's configs and grids.
        assertTrue(complete("configs").containsAll(List.of("default", "diff")));
        assertTrue(complete("grids").containsAll(List.of("filter_out", "test_experiment")));
    }

    @Test
    void missingFoldersOfferNothingAndAreNoError() {
        Path missing = dir.resolve("missing");
        for (String kind : List.of("experiments", "timestamps")) {
            assertEquals(List.of(), complete("--results-path", missing.toString(), kind, "cmpl_none"));
        }
        for (String kind : List.of("configs", "grids")) {
            assertEquals(List.of(), complete("--configs-dir", missing.toString(), kind));
        }
    }

    @Test
    void subcommandsAreThoseUsersTypeWithoutHiddenOnes() {
        assertEquals(Commands.NAMES.stream().filter(name -> !name.equals(Commands.LAUNCH)).sorted().toList(), complete("commands"));
        assertEquals(List.of("status"), complete("commands", "st"));
    }

    @Test
    void anUnknownKindIsBadUsage() {
        Cli.run("complete", "nonsense").rejected();
    }
}
