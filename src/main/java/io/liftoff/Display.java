package io.liftoff;

import java.nio.file.Path;

/** How paths are shown to the user: relative to the working directory when they lie below it. */
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
}
