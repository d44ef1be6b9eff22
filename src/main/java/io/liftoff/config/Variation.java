package io.liftoff.config;

import java.util.Map;

/**
 * One merged configuration of an experiment, with its title ({@code x=1; yz.y=10}, or the config's
 * name when nothing varies). Its identity is the hash of the configuration without liftoff's keys.
 */
public record Variation(String title, Map<String, Object> config) {
    public String hash() {
        return ConfigHash.of(config);
    }
}
