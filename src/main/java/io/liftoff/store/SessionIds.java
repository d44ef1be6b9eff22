package io.liftoff.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Session ids look like {@code session-3fa9c21b}: unique across hosts sharing a results folder. */
public final class SessionIds {
    public static final String PREFIX = "session-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    public static String next() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }
}
