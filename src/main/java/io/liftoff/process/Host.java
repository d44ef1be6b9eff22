package io.liftoff.process;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, as the kernel (and bash's $HOSTNAME) knows it; no DNS lookup on the hot path. */
public final class Host {
    private static final String NAME = lookup();

    private Host() {
    }

    public static String name() {
        return NAME;
    }

    private static String lookup() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
