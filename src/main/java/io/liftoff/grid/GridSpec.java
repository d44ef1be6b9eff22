package io.liftoff.grid;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigFiles;
import io.liftoff.config.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A grid as written in a {@code config*.yaml} (SPEC §3): every list is a variable whose values are
 * its items, mappings are walked into, any other value is a fixed override, and {@code filter_out}
 * drops chosen pairs of values.
 */
public final class GridSpec {
    public static final String FILTER_OUT = "filter_out";
    private static final Set<String> RULE_KEYS = Set.of("left", "right", "exclude");

    private final Path file;
    private final List<Variable> variables;
    private final Map<String, Object> fixed;
    private final List<FilterRule> filters;
    private final int[] titlePositions;

    private GridSpec(Path file, List<Variable> variables, Map<String, Object> fixed, List<FilterRule> filters) {
        this.file = file;
        this.variables = variables;
        this.fixed = fixed;
        this.filters = filters;
        int[] varying = IntStream.range(0, variables.size()).filter(i -> variables.get(i).size() > 1).toArray();
        this.titlePositions = varying.length > 0 ? varying : IntStream.range(0, variables.size()).toArray();
    }

    public static GridSpec load(Path file) {
        return parse(file, YamlFiles.loadMapping(file));
    }

    static GridSpec parse(Path file, Map<String, Object> yaml) {
        String shown = Display.path(file);
        Map<String, Object> body = new LinkedHashMap<>(yaml);
        Object rules = body.remove(FILTER_OUT);
        List<List<String>> paths = new ArrayList<>();
        List<List<Object>> lists = new ArrayList<>();
        Map<String, Object> fixed = new LinkedHashMap<>();
        walk(shown, body, new ArrayList<>(), paths, lists, fixed);
        List<Variable> variables = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            variables.add(new Variable(List.copyOf(paths.get(i)), lists.get(i), shortName(paths.get(i), paths)));
        }
        List<FilterRule> filters = parseFilters(shown, rules, variables);
        return new GridSpec(file, List.copyOf(variables), fixed, List.copyOf(filters));
    }

    public Path file() {
        return file;
    }

    public List<Variable> variables() {
        return variables;
    }

    public List<FilterRule> filters() {
        return filters;
    }

    Map<String, Object> fixed() {
        return fixed;
    }

    /** The positions of the variables a title shows: those with several values, or all when none varies. */
    int[] titlePositions() {
        return titlePositions;
    }

    /** The title of a grid without variables: the name of its file. */
    String fallbackTitle() {
        return ConfigFiles.nameOf(file);
    }

    /** How many combinations there are before filtering. */
    public long combinations() {
        long product = 1;
        for (Variable variable : variables) {
            product = Math.multiplyExact(product, variable.size());
        }
        return product;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String shown, Map<String, Object> node, List<String> path, List<List<String>> paths,
            List<List<Object>> lists, Map<String, Object> fixed) {
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            path.add(entry.getKey());
            Object value = entry.getValue();
            if (value instanceof List) {
                List<Object> values = (List<Object>) value;
                checkValues(shown, String.join(".", path), values);
                paths.add(new ArrayList<>(path));
                lists.add(List.copyOf(values));
            } else if (value instanceof Map) {
                Map<String, Object> child = new LinkedHashMap<>();
                walk(shown, (Map<String, Object>) value, path, paths, lists, child);
                if (!child.isEmpty()) {
                    fixed.put(entry.getKey(), child);
                }
            } else {
                fixed.put(entry.getKey(), value);
            }
            path.remove(path.size() - 1);
        }
    }

    private static void checkValues(String shown, String dotted, List<Object> values) {
        if (values.isEmpty()) {
            throw LiftoffException.usage(shown + ": " + dotted
                    + " is an empty list; a variable needs at least one value (write [[]] for an empty list value)");
        }
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (Values.same(values.get(i), values.get(j))) {
                    throw LiftoffException.usage(shown + ": " + dotted + " lists the value "
                            + YamlFiles.inline(values.get(i)) + " twice");
                }
            }
        }
    }

    /** The shortest dotted suffix of {@code path} that is the suffix of no other variable's path. */
    private static String shortName(List<String> path, List<List<String>> all) {
        for (int length = 1; length <= path.size(); length++) {
            List<String> suffix = path.subList(path.size() - length, path.size());
            long sharing = all.stream().filter(other -> endsWith(other, suffix)).count();
            if (sharing == 1) {
                return String.join(".", suffix);
            }
        }
        return String.join(".", path);
    }

    private static boolean endsWith(List<String> path, List<String> suffix) {
        return path.size() >= suffix.size() && path.subList(path.size() - suffix.size(), path.size()).equals(suffix);
    }

    private static List<FilterRule> parseFilters(String shown, Object rules, List<Variable> variables) {
        List<FilterRule> filters = new ArrayList<>();
        if (rules == null) {
            return filters;
        }
        if (!(rules instanceof List)) {
            throw LiftoffException.usage(shown + ": " + FILTER_OUT + " must be a list of rules {left: VAR, right: VAR, exclude: [[a, b], ...]}");
        }
        int number = 0;
        for (Object rule : (List<?>) rules) {
            number++;
            filters.add(parseRule(shown + ": " + FILTER_OUT + " rule " + number, number, rule, variables));
        }
        return filters;
    }

    @SuppressWarnings("unchecked")
    private static FilterRule parseRule(String where, int number, Object raw, List<Variable> variables) {
        if (!(raw instanceof Map)) {
            throw LiftoffException.usage(where + ": must be a mapping with left, right and exclude");
        }
        Map<String, Object> rule = (Map<String, Object>) raw;
        for (String key : List.of("left", "right", "exclude")) {
            if (!rule.containsKey(key)) {
                throw LiftoffException.usage(where + ": has no '" + key + "' (a rule needs left, right and exclude)");
            }
        }
        for (String key : rule.keySet()) {
            if (!RULE_KEYS.contains(key)) {
                throw LiftoffException.usage(where + ": unknown key '" + key + "' (a rule has left, right and exclude)");
            }
        }
        int left = resolve(where, "left", rule.get("left"), variables);
        int right = resolve(where, "right", rule.get("right"), variables);
        if (left == right) {
            throw LiftoffException.usage(where + ": left and right are the same variable " + variables.get(left).name());
        }
        Variable l = variables.get(left);
        Variable r = variables.get(right);
        if (!(rule.get("exclude") instanceof List)) {
            throw LiftoffException.usage(where + ": exclude must be a list of [" + l.name() + ", " + r.name() + "] pairs");
        }
        boolean[][] excluded = new boolean[l.size()][r.size()];
        List<String> pairs = new ArrayList<>();
        for (Object pair : (List<Object>) rule.get("exclude")) {
            if (!(pair instanceof List) || ((List<Object>) pair).size() != 2) {
                throw LiftoffException.usage(where + ": exclude entry " + YamlFiles.inline(pair) + " is not a pair ["
                        + l.name() + ", " + r.name() + "]");
            }
            Object a = ((List<Object>) pair).get(0);
            Object b = ((List<Object>) pair).get(1);
            excluded[valueIndex(where, l, a)][valueIndex(where, r, b)] = true;
            pairs.add("(" + YamlFiles.inline(a) + ", " + YamlFiles.inline(b) + ")");
        }
        String description = l.name() + ", " + r.name() + ": excludes " + String.join(", ", pairs);
        return new FilterRule(number, left, right, excluded, description);
    }

    private static int valueIndex(String where, Variable variable, Object value) {
        int index = variable.indexOf(value);
        if (index < 0) {
            throw LiftoffException.usage(where + ": " + variable.name() + " has no value " + YamlFiles.inline(value)
                    + " (its values: " + variable.values().stream().map(YamlFiles::inline).collect(Collectors.joining(", ")) + ")");
        }
        return index;
    }

    /** Resolves a short name, a dotted path or a nested one-key mapping such as {@code {yz: y}}. */
    private static int resolve(String where, String side, Object reference, List<Variable> variables) {
        String dotted = dottedReference(where, side, reference);
        List<String> wanted = List.of(dotted.split("\\.", -1));
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            if (variables.get(i).path().equals(wanted)) {
                return i;
            }
            if (endsWith(variables.get(i).path(), wanted)) {
                matches.add(i);
            }
        }
        String known = variables.stream().map(Variable::name).collect(Collectors.joining(", "));
        if (matches.isEmpty()) {
            throw LiftoffException.usage(where + ": " + side + " names unknown variable '" + dotted + "' (variables: "
                    + (known.isEmpty() ? "none" : known) + ")");
        }
        if (matches.size() > 1) {
            throw LiftoffException.usage(where + ": " + side + " '" + dotted + "' is ambiguous: it could be "
                    + matches.stream().map(i -> variables.get(i).dotted()).collect(Collectors.joining(" or ")));
        }
        return matches.get(0);
    }

    @SuppressWarnings("unchecked")
    private static String dottedReference(String where, String side, Object reference) {
        StringBuilder dotted = new StringBuilder();
        Object node = reference;
        while (node instanceof Map) {
            Map<String, Object> map = (Map<String, Object>) node;
            if (map.size() != 1) {
                throw LiftoffException.usage(where + ": " + side + " must be a variable name, a dotted path or a one-key mapping such as {yz: y}");
            }
            Map.Entry<String, Object> only = map.entrySet().iterator().next();
            dotted.append(only.getKey()).append('.');
            node = only.getValue();
        }
        if (!(node instanceof String) || ((String) node).isBlank()) {
            throw LiftoffException.usage(where + ": " + side + " must be a variable name, a dotted path or a one-key mapping such as {yz: y}");
        }
        return dotted.append((String) node).toString();
    }
}
