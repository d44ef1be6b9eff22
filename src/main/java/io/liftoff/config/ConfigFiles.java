package io.liftoff.config;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds config files by the names users type: {@code diff}, {@code diff.yaml} or a path. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** {@code name} inside {@code configsDir} (with or without {@code .yaml}), or a path to a file. */
    public static Path resolve(Path configsDir, String name, String option) {
        Path asGiven = Path.of(name);
        boolean looksLikePath = name.contains("/") || name.endsWith(".yaml") || name.endsWith(".yml");
        if (looksLikePath && Files.isRegularFile(asGiven)) {
            return asGiven;
        }
        Path inside = configsDir.resolve(name.endsWith(".yaml") || name.endsWith(".yml") ? name : name + ".yaml");
        if (Files.isRegularFile(inside)) {
            return inside;
        }
        throw LiftoffException.usage(option + " " + name + ": no config file " + Display.path(inside)
                + (looksLikePath ? " or " + Display.path(asGiven) : ""));
    }

    /** The name a config file gives an experiment: {@code configs/diff.yaml} is {@code diff}. */
    public static String nameOf(Path file) {
        String name = file.getFileName().toString();
        return name.replaceFirst("\\.ya?ml$", "");
    }
}
