package io.liftoff.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The experiment's {@code .__journal}: a line for each thing liftoff did to runs besides running them. */
public final class Journal {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private Journal() {
    }

    /** Appends {@code <time> <who>: <what>}; a journal that cannot be written loses only the note. */
    public static void note(Path experiment, String who, String what) {
        String line = TIME.format(LocalDateTime.now().withNano(0)) + " " + who + ": " + what.replace('\n', ' ') + "\n";
        try {
            Files.writeString(experiment.resolve(Layout.JOURNAL), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the act it records is done; the note is what is lost
        }
    }
}
