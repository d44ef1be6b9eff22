package io.liftoff.config;

import io.liftoff.LiftoffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line overrides such as {@code --args a.b=3 c=true}: each value is read as YAML. */
public final class Overrides {
    private final List<Override> overrides;

    private record Override(String text, List<String> path, Object value) {
    }

    private Overrides(List<Override> overrides) {
        this.overrides = overrides;
    }

    public static Overrides none() {
        return new Overrides(List.of());
    }

    /** Parses {@code key.path=value} texts; {@code option} names the option in error messages. */
    public static Overrides parse(List<String> texts, String option) {
        List<Override> parsed = new ArrayList<>();
        for (String text : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw LiftoffException.usage(option + ": '" + text + "' is not key=value (for example a.b=3)");
            }
            String key = text.substring(0, eq).strip();
            List<String> path = List.of(key.split("\\.", -1));
            if (path.stream().anyMatch(String::isEmpty)) {
                throw LiftoffException.usage(option + ": '" + key + "' is not a dotted key path");
            }
            parsed.add(new Override(text, path, YamlFiles.parseValue(text.substring(eq + 1), option + " " + key)));
        }
        return new Overrides(parsed);
    }

    public boolean isEmpty() {
        return overrides.isEmpty();
    }

    /**
     * A new config with the overrides applied. A path missing from the config creates its keys; each
     * such path is reported in {@code notes} so the command can say so.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> applyTo(Map<String, Object> config, List<String> notes) {
        Map<String, Object> result = ConfigMerge.deepCopy(config);
        for (Override override : overrides) {
            Map<String, Object> node = result;
            List<String> path = override.path;
            boolean created = false;
            for (int i = 0; i < path.size() - 1; i++) {
                String key = ConfigPaths.keyIn(node, path.get(i));
                Object child = node.get(key);
                if (child == null && !node.containsKey(key)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(key, child);
                    created = true;
                } else if (!(child instanceof Map)) {
                    throw LiftoffException.usage("--args " + override.text + ": "
                            + String.join(".", path.subList(0, i + 1)) + " is not a mapping");
                }
                node = (Map<String, Object>) child;
            }
            String last = ConfigPaths.keyIn(node, path.get(path.size() - 1));
            if (!node.containsKey(last)) {
                created = true;
            }
            if (ConfigMerge.DELETE.equals(override.value)) {
                node.remove(last);
            } else {
                node.put(last, override.value);
            }
            if (created) {
                notes.add("--args " + String.join(".", path) + ": no such key in the configuration, adding it");
            }
        }
        return result;
    }
}
