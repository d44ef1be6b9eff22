package io.liftoff.api;

import io.liftoff.LiftoffException;
import io.liftoff.config.Namespace;
import io.liftoff.config.YamlFiles;
import java.nio.file.Path;

/**
 * For runs written for the JVM: {@code Liftoff.parseOpts(args)} reads the cfg.yaml the launcher
 * passed ({@code <cfg.yaml> --session-id ID}) into a {@link Namespace}, as {@code parse_opts()}
 * does for Python scripts. Put liftoff.jar on the class path (the launcher does for .java and .jar
 * scripts).
 */
public final class Liftoff {
    private Liftoff() {
    }

    /**
     * The run's config. Without a path among {@code args}, {@code $LIFTOFF_RUN_DIR/cfg.yaml} is read.
     *
     * @throws IllegalArgumentException when there is no config to read, or it is not valid YAML
     */
    public static Namespace parseOpts(String[] args) {
        return readConfig(configPath(args));
    }

    public static Namespace readConfig(Path cfg) {
        try {
            return Namespace.of(YamlFiles.loadMapping(cfg));
        } catch (LiftoffException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The session id the launcher passed, or null. */
    public static String sessionId(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--session-id")) {
                return args[i + 1];
            }
        }
        return System.getenv(io.liftoff.launch.RunProtocol.SESSION_ID);
    }

    private static Path configPath(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--session-id")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return Path.of(args[i]);
            }
        }
        String runDir = System.getenv(io.liftoff.launch.RunProtocol.RUN_DIR);
        if (runDir != null && !runDir.isEmpty()) {
            return Path.of(runDir, "cfg.yaml");
        }
        throw new IllegalArgumentException("expected the path of a cfg.yaml as the first argument; "
                + "this program is meant to be started by liftoff");
    }
}
