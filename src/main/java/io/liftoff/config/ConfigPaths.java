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
            String spelled = keyIn(map, key);
            if (!map.containsKey(spelled)) {
                return Optional.empty();
            }
            node = map.get(spelled);
        }
        return Optional.of(node == null ? NULL : node);
    }

    /** How {@code key} is spelled in {@code node}: as given, or with a trailing {@code _} when only that exists. */
    public static String keyIn(Map<?, ?> node, String key) {
        return !node.containsKey(key) && node.containsKey(key + "_") ? key + "_" : key;
    }

    /** Stands for a key that is present with the value null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
