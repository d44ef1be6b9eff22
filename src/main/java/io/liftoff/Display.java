package io.liftoff;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** How paths, problems and marked-up text are shown to the user. */
public final class Display {
    private static final Path CWD = Path.of("").toAbsolutePath();

    private Display() {
    }

    public static String path(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(CWD) && !absolute.equals(CWD)) {
            return CWD.relativize(absolute).toString();
        }
        return absolute.toString();
    }

    /**
     * What went wrong with a file, in words: {@code results/x/.__runs/0: its folder is gone}, {@code ...: No
     * space left on device}, {@code ...: Read-only file system}, {@code ...: permission denied}, not a bare path.
     */
    public static String problem(IOException e) {
        String file = e instanceof FileSystemException ? ((FileSystemException) e).getFile() : null;
        String where = file == null ? "" : path(Path.of(file)) + ": ";
        if (e instanceof NoSuchFileException) {
            Path parent = file == null ? null : Path.of(file).toAbsolutePath().getParent();
            return where + (parent != null && !Files.isDirectory(parent) ? "its folder is gone" : "no such file");
        }
        if (e instanceof AccessDeniedException) {
            return where + "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return where + ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * Text without its picocli markup ({@code @|style text|@}), as {@code Ansi.OFF} renders it, but without
     * the exception picocli throws and catches for every colour it parses (a cost the launcher paid per run).
     */
    public static String plain(String marked) {
        StringBuilder text = new StringBuilder(marked.length());
        int at = 0;
        while (at < marked.length()) {
            int open = marked.indexOf("@|", at);
            int space = open < 0 ? -1 : marked.indexOf(' ', open);
            int close = space < 0 ? -1 : marked.indexOf("|@", space);
            if (close < 0) {
                return text.append(marked, at, marked.length()).toString();
            }
            text.append(marked, at, open).append(marked, space + 1, close);
            at = close + 2;
        }
        return text.toString();
    }
}
