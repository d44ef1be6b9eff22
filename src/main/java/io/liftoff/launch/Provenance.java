package io.liftoff.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where an experiment came from: the commit checked out in its working directory, read from .git without running git. */
public final class Provenance {
    private Provenance() {
    }

    public static String gitCommit(Path workingDirectory) {
        try {
            for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return head(dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                    if (pointer.startsWith("gitdir:")) {
                        return head(dir.resolve(pointer.substring("gitdir:".length()).strip()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // provenance is a nicety: an unreadable checkout records no commit
        }
        return null;
    }

    private static String head(Path gitDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
        if (!head.startsWith("ref:")) {
            return head;
        }
        String ref = head.substring("ref:".length()).strip();
        Path common = gitDir;
        Path commonDir = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonDir)) {
            common = gitDir.resolve(Files.readString(commonDir, StandardCharsets.UTF_8).strip());
        }
        for (Path base : List.of(gitDir, common)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Files.readString(loose, StandardCharsets.UTF_8).strip();
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref)) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
        }
        return null;
    }
}
