package io.liftoff.config;

import java.util.Map;
import java.util.Optional;

/** Looks up dotted paths in a config; {@code optim.lr} also reaches a key written {@code optim_}. */
public final class ConfigPaths {
    private ConfigPaths() {
    }

    /** The value at {@code dotted}; empty when the path does not exist (a present null is {@code Optional.of(NULL)}). */
    public static Optional<Object> lookup(Map<String, Object> config, String dotted) {
        Object node = config;
        for (String key : dotted.split("\\.", -1)) {
            if (!(node instanceof Map)) {
                return Optional.empty();
            }
            Map<?, ?> map = (Map<?, ?>) node;
            if (map.containsKey(key)) {
                node = map.get(key);
            } else if (map.containsKey(key + "_")) {
                node = map.get(key + "_");
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(node == null ? NULL : node);
    }

    /** Stands for a key that is present with the value null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
