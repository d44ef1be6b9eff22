package io.liftoff.config;

import io.liftoff.LiftoffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line overrides such as {@code --args a.b=3 c=true}: each value is read as YAML. */
public final class Overrides {
    private final String option;
    private final List<Assignment> overrides;

    /** One {@code key.path=value}: the text as typed (for messages), the key's path and the value. */
    public record Assignment(String text, List<String> path, Object value) {
    }

    private Overrides(String option, List<Assignment> overrides) {
        this.option = option;
        this.overrides = overrides;
    }

    public static Overrides none() {
        return new Overrides("--args", List.of());
    }

    /** Overrides parsed elsewhere; {@code option} names the option in messages. */
    public static Overrides of(String option, List<Assignment> assignments) {
        return new Overrides(option, List.copyOf(assignments));
    }

    /** Parses {@code key.path=value} texts; {@code option} names the option in error messages. */
    public static Overrides parse(List<String> texts, String option) {
        List<Assignment> parsed = new ArrayList<>();
        for (String text : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw LiftoffException.usage(option + ": '" + YamlFiles.printable(text) + "' is not key=value (for example a.b=3)");
            }
            String key = text.substring(0, eq).strip();
            parsed.add(new Assignment(text, keyPath(key, option), YamlFiles.parseValue(text.substring(eq + 1), option + " " + key)));
        }
        return new Overrides(option, parsed);
    }

    /** The path of a dotted key typed on the command line; its parts must be non-empty printable text. */
    public static List<String> keyPath(String key, String option) {
        String problem = ConfigConstructor.unprintable(key);
        if (problem != null) {
            throw LiftoffException.usage(option + ": the key " + YamlFiles.inline(key) + " holds " + problem
                    + "; keys must be printable text");
        }
        List<String> path = List.of(key.split("\\.", -1));
        if (path.stream().anyMatch(String::isEmpty)) {
            throw LiftoffException.usage(option + ": '" + key + "' is not a dotted key path");
        }
        return path;
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
        for (Assignment override : overrides) {
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
                    throw LiftoffException.usage(option + " " + YamlFiles.printable(override.text) + ": "
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
                notes.add(option + " " + String.join(".", path) + ": no such key in the configuration, adding it");
            }
        }
        return result;
    }
}
