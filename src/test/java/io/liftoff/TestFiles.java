package io.liftoff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Small file helpers for tests. */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a folder and everything in it, as a user (or a script) would. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path below {@code root} (relative, sorted): to check that nothing was created or changed. */
    public static List<String> tree(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the repository's configs/ folder (the tutorial's files, none generated) into {@code target}. */
    public static Path tutorialConfigs(Path target) {
        copyTree(Path.of("configs"), target, path -> !Layout.isGeneratedName(path.getFileName().toString()));
        return target;
    }

    /** Copies a folder with everything in it. */
    public static void copyTree(Path source, Path target) {
        copyTree(source, target, path -> true);
    }

    /** Copies a folder with its subfolders and the files {@code include} accepts. */
    public static void copyTree(Path source, Path target, Predicate<Path> include) {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.collect(Collectors.toList())) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else if (include.test(path)) {
                    Files.copy(path, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Layout {
        static boolean isGeneratedName(String name) {
            return name.matches("\\d{4,}_.*\\.yaml");
        }
    }
}
