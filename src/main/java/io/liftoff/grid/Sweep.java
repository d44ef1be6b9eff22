package io.liftoff.grid;

import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigMerge;
import io.liftoff.config.ConfigPaths;
import io.liftoff.config.Overrides;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A grid typed on the command line, {@code liftoff script.py --sweep lr=0.1,0.01 seed=1,2} (four
 * variations, like Hydra's multirun), over a base configuration. Each word {@code key.path=v1,v2}
 * is a variable whose values are read as YAML, as {@code --args} values are; a word with one value
 * is a fixed override, exactly as with {@code --args}. Values are split at commas, except inside
 * quotes and brackets ({@code 'a,b'} is one text, {@code [64,64]} one list) or written {@code \,}.
 * The variations come from the same {@link Grid} as a prepared grid's: the same order, titles and
 * {@code experiment_arguments}, produced one at a time.
 */
public final class Sweep implements Iterable<Variation> {
    public static final String OPTION = "--sweep";

    private final Grid grid;

    private Sweep(Grid grid) {
        this.grid = grid;
    }

    /**
     * The sweep of {@code words} over {@code base} (the merged default and {@code -c} config, not
     * changed). {@code title} names the one variation when no word has several values; a key that
     * {@code base} lacks is added, and said in {@code notes}.
     */
    public static Sweep of(List<String> words, Map<String, Object> base, String title, Consumer<String> notes) {
        List<Overrides.Assignment> fixed = new ArrayList<>();
        List<Overrides.Assignment> firsts = new ArrayList<>();
        List<List<String>> typed = new ArrayList<>();
        List<List<Object>> lists = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw LiftoffException.usage(OPTION + ": '" + YamlFiles.printable(word)
                        + "' is not key=value1,value2,... (for example lr=0.1,0.01)");
            }
            String key = word.substring(0, eq).strip();
            List<String> path = Overrides.keyPath(key, OPTION);
            if (!seen.add(path)) {
                throw LiftoffException.usage(OPTION + " " + YamlFiles.printable(word) + ": " + key + " is swept twice");
            }
            List<Object> values = values(word, key, word.substring(eq + 1));
            if (values.size() == 1) {
                fixed.add(new Overrides.Assignment(word, path, values.get(0)));
            } else {
                firsts.add(new Overrides.Assignment(word, path, values.get(0)));
                typed.add(path);
                lists.add(values);
            }
        }
        // Applying the first values checks every path (x.y through a scalar x is an error) and creates missing keys.
        List<String> added = new ArrayList<>();
        Map<String, Object> config = Overrides.of(OPTION, fixed).applyTo(base, added);
        config = Overrides.of(OPTION, firsts).applyTo(config, added);
        added.forEach(notes);
        List<String> names = GridSpec.shortNames(typed);
        List<Variable> variables = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) {
            variables.add(new Variable(spelled(config, typed.get(i)), lists.get(i), names.get(i)));
        }
        return new Sweep(new Grid(GridSpec.of(OPTION, title, variables, config)));
    }

    /** The variables, values and combinations, for showing what will run. */
    public GridSpec spec() {
        return grid.spec();
    }

    public long count() {
        return grid.count();
    }

    /** Each variation's config is the whole configuration, with its title and {@code experiment_arguments}. */
    @Override
    public Iterator<Variation> iterator() {
        return grid.iterator();
    }

    private static List<Object> values(String word, String key, String text) {
        List<String> items = split(text);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.size() > 1 && items.get(i).isBlank()) {
                throw LiftoffException.usage(OPTION + " " + YamlFiles.printable(word) + ": value " + (i + 1)
                        + " is empty (write null or '' for those)");
            }
            values.add(YamlFiles.parseValue(items.get(i), OPTION + " " + key));
        }
        if (values.size() > 1) {
            if (values.contains(ConfigMerge.DELETE)) {
                throw LiftoffException.usage(OPTION + " " + YamlFiles.printable(word) + ": '" + ConfigMerge.DELETE
                        + "' removes a key, so it cannot be one of several values");
            }
            GridSpec.checkValues(OPTION + " " + YamlFiles.printable(word) + ":", values);
        }
        return values;
    }

    /**
     * Splits at commas outside quotes and brackets; {@code \,} is a comma. A quote opens a quoted
     * text only where a YAML value starts (so {@code it's} stays a plain word), or inside brackets.
     */
    static List<String> split(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                item.append(c);
                if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    item.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                item.append(',');
                i++;
            } else if (c == ',' && depth == 0) {
                items.add(item.toString());
                item.setLength(0);
            } else {
                if ((c == '\'' || c == '"') && (depth > 0 || item.toString().isBlank())) {
                    quote = c;
                } else if (c == '[' || c == '{') {
                    depth++;
                } else if ((c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                item.append(c);
            }
        }
        items.add(item.toString());
        return items;
    }

    /** The path as the config spells it: {@code optim.lr} reaches a key written {@code optim_}. */
    private static List<String> spelled(Map<String, Object> config, List<String> path) {
        List<String> keys = new ArrayList<>();
        Object node = config;
        for (String key : path) {
            Map<?, ?> map = (Map<?, ?>) node;
            String spelled = ConfigPaths.keyIn(map, key);
            keys.add(spelled);
            node = map.get(spelled);
        }
        return keys;
    }
}
