package io.liftoff.config;

import java.util.Map;

/**
 * One merged configuration of an experiment, with its title ({@code x=1; yz.y=10}, or the config's
 * name when nothing varies). Its identity is the hash of the configuration without liftoff's keys,
 * computed once, when first asked for.
 */
public final class Variation {
    private final String title;
    private final Map<String, Object> config;
    private String hash;

    public Variation(String title, Map<String, Object> config) {
        this.title = title;
        this.config = config;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> config() {
        return config;
    }

    public String hash() {
        if (hash == null) {
            hash = ConfigHash.of(config);
        }
        return hash;
    }
}
