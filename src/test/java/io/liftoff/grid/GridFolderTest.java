package io.liftoff.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared variations know what they were prepared from, so editing a grid afterwards is noticed. */
class GridFolderTest {
    @TempDir
    Path dir;

    private GridFolder prepared() {
        TestFiles.write(dir.resolve("exp/default.yaml"), "x: 0\ny: 0\n");
        TestFiles.write(dir.resolve("exp/config.yaml"), "x: [1, 2]\ny: [3, 4]\n");
        GridFolder folder = new GridFolder(dir, "exp");
        folder.prepare(note -> { });
        return folder;
    }

    private static String stale(GridFolder folder) {
        return folder.staleness().map(s -> s.file().getFileName() + " " + s.change()).orElse("fresh");
    }

    @Test
    void freshlyPreparedVariationsAreNotStaleAndNothingPreparedIsNeither() {
        assertEquals(Optional.empty(), new GridFolder(dir, "exp").staleness());
        GridFolder folder = prepared();
        assertEquals("fresh", stale(folder));
        folder.clean();
        assertEquals("fresh", stale(folder));
    }

    @Test
    void editingAGridFileAfterPreparingMakesTheVariationsStale() {
        GridFolder folder = prepared();
        TestFiles.write(dir.resolve("exp/config.yaml"), "x: [1, 2, 5]\ny: [3, 4]\n");
        assertEquals("config.yaml changed", stale(folder));
        assertEquals(dir.resolve("exp/config.yaml") + " changed since the variations were prepared; run liftoff-prepare exp --clean,"
                + " then liftoff-prepare exp", folder.staleness().orElseThrow().message());
        TestFiles.write(dir.resolve("exp/config.yaml"), "x: [1, 2]\ny: [3, 4]\n");
        assertEquals("fresh", stale(folder), "the same bytes again are the same grid");
        TestFiles.write(dir.resolve("exp/default.yaml"), "x: 0\ny: 1\n");
        assertEquals("default.yaml changed", stale(folder));
    }

    @Test
    void aGridFileAddedOrRemovedAfterPreparingMakesThemStale() throws IOException {
        GridFolder folder = prepared();
        TestFiles.write(dir.resolve("exp/config_more.yaml"), "x: [7]\n");
        assertEquals("config_more.yaml is new", stale(folder));
        folder.clean();
        folder.prepare(note -> { });
        assertEquals("fresh", stale(folder));
        Files.delete(dir.resolve("exp/config_more.yaml"));
        assertEquals("config_more.yaml was removed", stale(folder));
    }

    @Test
    void theSourcesLineRecordsEveryFileAndCleanStillRemovesExactlyTheGeneratedFiles() {
        GridFolder folder = prepared();
        List<Path> files = folder.generatedFiles();
        assertEquals(4, files.size());
        List<String> lines = TestFiles.read(files.get(0)).lines().toList();
        assertTrue(lines.get(1).matches("# sources: \\{default.yaml: '?[0-9a-f]{16}'?, config.yaml: '?[0-9a-f]{16}'?}"), lines.get(1));
        TestFiles.write(dir.resolve("exp/notes.txt"), "mine\n");
        assertEquals(4, folder.clean());
        assertEquals(List.of("", "config.yaml", "default.yaml", "notes.txt"), TestFiles.tree(dir.resolve("exp")));
    }

    @Test
    void filesPreparedBeforeSourcesWereRecordedAreNotCalledStale() {
        GridFolder folder = prepared();
        for (Path file : folder.generatedFiles()) {
            List<String> lines = TestFiles.read(file).lines().toList();
            TestFiles.write(file, lines.get(0) + "\n" + String.join("\n", lines.subList(2, lines.size())) + "\n");
        }
        TestFiles.write(dir.resolve("exp/config.yaml"), "x: [1]\n");
        assertEquals("fresh", stale(folder));
    }
}
