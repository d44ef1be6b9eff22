package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigPaths;
import io.liftoff.config.YamlFiles;
import io.liftoff.grid.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code --filters key=value ...}: only runs whose config has all these values are launched. */
public final class RunFilter {
    private record Condition(String key, Object value) {
    }

    private final List<Condition> conditions;

    private RunFilter(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public static RunFilter parse(List<String> texts) {
        List<Condition> conditions = new ArrayList<>();
        for (String text : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw LiftoffException.usage("--filters: '" + text + "' is not key=value (for example yz.y=10)");
            }
            String key = text.substring(0, eq).strip();
            conditions.add(new Condition(key, YamlFiles.parseValue(text.substring(eq + 1), "--filters " + key)));
        }
        return new RunFilter(conditions);
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    /** Whether run {@code runId} of a variation whose config is {@code config} passes ({@code run_id} is a key too). */
    public boolean matches(Map<String, Object> config, int runId) {
        Map<String, Object> withId = new java.util.LinkedHashMap<>(config);
        withId.put(io.liftoff.config.MetaKeys.RUN_ID, runId);
        return matches(withId);
    }

    public boolean matches(Map<String, Object> config) {
        for (Condition condition : conditions) {
            Object actual = ConfigPaths.lookup(config, condition.key).orElse(null);
            if (actual == null) {
                return false;
            }
            Object value = actual == ConfigPaths.NULL ? null : actual;
            if (!Values.same(value, condition.value)) {
                return false;
            }
        }
        return true;
    }

    /** The first key that no config has at all (a typo, most likely), or null; every run has {@code run_id}. */
    public String keyMissingFromAll(List<Map<String, Object>> configs) {
        for (Condition condition : conditions) {
            boolean somewhere = condition.key.equals(io.liftoff.config.MetaKeys.RUN_ID)
                    || configs.stream().anyMatch(c -> ConfigPaths.lookup(c, condition.key).isPresent());
            if (!somewhere) {
                return condition.key;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        conditions.forEach(c -> parts.add(c.key + "=" + YamlFiles.inline(c.value)));
        return String.join(" ", parts);
    }
}
