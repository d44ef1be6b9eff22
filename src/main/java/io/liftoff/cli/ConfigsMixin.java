package io.liftoff.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --configs-dir}: where config files and grid folders live. */
public final class ConfigsMixin {
    @Option(names = "--configs-dir", paramLabel = "DIR", defaultValue = "configs",
            description = "Folder of config files and grids (default: ./${DEFAULT-VALUE}).")
    Path configsDir = Path.of("configs");
}
