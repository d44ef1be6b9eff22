package io.liftoff.grid;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigFiles;
import io.liftoff.config.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A grid as written in a {@code config*.yaml} (DESIGN §4): every list is a variable whose values are
 * its items, mappings are walked into, any other value is a fixed override, {@code zip} makes
 * groups of variables vary together, and {@code filter_out} drops chosen pairs of values.
 */
public final class GridSpec {
    public static final String FILTER_OUT = "filter_out";
    public static final String ZIP = "zip";
    /**
     * Combinations of one grid before filters: a hundred times the largest real grids (a million
     * variations), and few enough to count in about a second; a typo such as a list pasted twice
     * into the wrong place gets an error rather than hours of writing files.
     */
    public static final long MAX_COMBINATIONS = 100_000_000;
    private static final Set<String> RULE_KEYS = Set.of("left", "right", "exclude");

    private final Path file;
    private final String fallbackTitle;
    private final List<Variable> variables;
    private final Map<String, Object> fixed;
    private final List<ZipGroup> zips;
    private final List<FilterRule> filters;
    private final int[][] factors;
    private final int[] titlePositions;

    private GridSpec(Path file, String fallbackTitle, List<Variable> variables, Map<String, Object> fixed,
            List<ZipGroup> zips, List<FilterRule> filters) {
        this.file = file;
        this.fallbackTitle = fallbackTitle;
        this.variables = List.copyOf(variables);
        this.fixed = fixed;
        this.zips = List.copyOf(zips);
        this.filters = List.copyOf(filters);
        this.factors = factors(variables, zips);
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
        Object groups = body.remove(ZIP);
        List<List<String>> paths = new ArrayList<>();
        List<List<Object>> lists = new ArrayList<>();
        Map<String, Object> fixed = new LinkedHashMap<>();
        walk(shown, body, new ArrayList<>(), paths, lists, fixed);
        List<String> names = shortNames(paths);
        List<Variable> variables = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            variables.add(new Variable(paths.get(i), lists.get(i), names.get(i)));
        }
        List<ZipGroup> zips = parseZips(shown, groups, variables);
        checkSize(shown, variables, zips);
        List<FilterRule> filters = parseFilters(shown, rules, variables);
        return new GridSpec(file, ConfigFiles.nameOf(file), variables, fixed, zips, filters);
    }

    /**
     * A grid built from parts rather than read from a file (a command-line sweep): {@code fixed} is
     * the whole configuration the variables' values are put into, {@code title} names a variation
     * when there are no variables, {@code source} names the input in errors.
     */
    static GridSpec of(String source, String title, List<Variable> variables, Map<String, Object> fixed) {
        checkSize(source, variables, List.of());
        return new GridSpec(null, title, variables, fixed, List.of(), List.of());
    }

    /** Refuses a grid of more than {@link #MAX_COMBINATIONS}, before anything is built per combination. */
    private static void checkSize(String source, List<Variable> variables, List<ZipGroup> zips) {
        long product = 1;
        for (int[] factor : factors(variables, zips)) {
            product = product > MAX_COMBINATIONS ? product : product * variables.get(factor[0]).size();
        }
        if (product > MAX_COMBINATIONS) {
            throw LiftoffException.usage(source + ": more than " + String.format("%,d", MAX_COMBINATIONS)
                    + " combinations (" + variables.stream().map(v -> v.name() + ": " + v.size()).collect(Collectors.joining(", "))
                    + "), liftoff's limit for one grid");
        }
    }

    /** The config file, or null for a grid built from parts. */
    public Path file() {
        return file;
    }

    public List<Variable> variables() {
        return variables;
    }

    public List<ZipGroup> zips() {
        return zips;
    }

    public List<FilterRule> filters() {
        return filters;
    }

    Map<String, Object> fixed() {
        return fixed;
    }

    /**
     * The factors of the product, in order: each the positions of the variables that vary together,
     * a zip group where its first variable stands, every other variable on its own.
     */
    int[][] factors() {
        return factors;
    }

    /** The positions of the variables a title shows: those with several values, or all when none varies. */
    int[] titlePositions() {
        return titlePositions;
    }

    /** The title of a grid without variables: the name of its file, or the one given to a grid built from parts. */
    String fallbackTitle() {
        return fallbackTitle;
    }

    /** How many combinations there are before filtering (a zip group counts once). */
    public long combinations() {
        long product = 1;
        for (int[] factor : factors) {
            product *= variables.get(factor[0]).size();
        }
        return product;
    }

    private static int[][] factors(List<Variable> variables, List<ZipGroup> zips) {
        Map<Integer, ZipGroup> groupOf = new HashMap<>();
        zips.forEach(zip -> zip.positions().forEach(position -> groupOf.put(position, zip)));
        List<int[]> factors = new ArrayList<>();
        Set<ZipGroup> placed = new HashSet<>();
        for (int i = 0; i < variables.size(); i++) {
            ZipGroup zip = groupOf.get(i);
            if (zip == null) {
                factors.add(new int[] {i});
            } else if (placed.add(zip)) {
                factors.add(zip.positions().stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return factors.toArray(int[][]::new);
    }

    @SuppressWarnings("unchecked")
    private static void walk(String shown, Map<String, Object> node, List<String> path, List<List<String>> paths,
            List<List<Object>> lists, Map<String, Object> fixed) {
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            path.add(entry.getKey());
            Object value = entry.getValue();
            if (value instanceof List) {
                List<Object> values = (List<Object>) value;
                checkValues(shown + ": " + String.join(".", path), values);
                paths.add(List.copyOf(path));
                lists.add(Collections.unmodifiableList(new ArrayList<>(values)));
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

    /** A variable's values: at least one, none twice; {@code where} names the variable in errors. */
    static void checkValues(String where, List<Object> values) {
        if (values.isEmpty()) {
            throw LiftoffException.usage(where
                    + " is an empty list; a variable needs at least one value (write [[]] for an empty list value)");
        }
        Set<Object> seen = new HashSet<>();
        for (Object value : values) {
            if (!seen.add(Values.key(value))) {
                throw LiftoffException.usage(where + " lists the value " + YamlFiles.inline(value) + " twice");
            }
        }
    }

    /** For each path, the shortest dotted suffix that is the suffix of no other path. */
    static List<String> shortNames(List<List<String>> paths) {
        Map<List<String>, Integer> sharing = new HashMap<>();
        for (List<String> path : paths) {
            for (int length = 1; length <= path.size(); length++) {
                sharing.merge(path.subList(path.size() - length, path.size()), 1, Integer::sum);
            }
        }
        List<String> names = new ArrayList<>();
        for (List<String> path : paths) {
            String name = String.join(".", path);
            for (int length = 1; length <= path.size(); length++) {
                List<String> suffix = path.subList(path.size() - length, path.size());
                if (sharing.get(suffix) == 1) {
                    name = String.join(".", suffix);
                    break;
                }
            }
            names.add(name);
        }
        return names;
    }

    private static boolean endsWith(List<String> path, List<String> suffix) {
        return path.size() >= suffix.size() && path.subList(path.size() - suffix.size(), path.size()).equals(suffix);
    }

    @SuppressWarnings("unchecked")
    private static List<ZipGroup> parseZips(String shown, Object groups, List<Variable> variables) {
        List<ZipGroup> zips = new ArrayList<>();
        if (groups == null) {
            return zips;
        }
        String shape = shown + ": " + ZIP + " must be a list of groups of variables, such as [[lr, warmup], [a, b]]";
        if (!(groups instanceof List)) {
            throw LiftoffException.usage(shape);
        }
        Map<Integer, Integer> groupOf = new HashMap<>();
        int number = 0;
        for (Object group : (List<Object>) groups) {
            number++;
            if (!(group instanceof List)) {
                throw LiftoffException.usage(shape + " (group " + number + " is " + YamlFiles.inline(group) + ")");
            }
            List<Object> names = (List<Object>) group;
            String where = shown + ": " + ZIP + " group " + number + " " + YamlFiles.inline(names);
            if (names.size() < 2) {
                throw LiftoffException.usage(where + ": a group needs at least two variables");
            }
            List<Integer> positions = new ArrayList<>();
            for (Object name : names) {
                int position = resolve(where, name, variables);
                if (positions.contains(position)) {
                    throw LiftoffException.usage(where + ": names " + variables.get(position).name() + " twice");
                }
                Integer earlier = groupOf.putIfAbsent(position, number);
                if (earlier != null) {
                    throw LiftoffException.usage(where + ": " + variables.get(position).name() + " is already in zip group " + earlier);
                }
                positions.add(position);
            }
            List<Variable> members = positions.stream().map(variables::get).toList();
            if (members.stream().mapToInt(Variable::size).distinct().count() > 1) {
                throw LiftoffException.usage(where + ": the lists must have equal lengths ("
                        + members.stream().map(v -> v.name() + " has " + v.size()).collect(Collectors.joining(", ")) + ")");
            }
            zips.add(new ZipGroup(number, List.copyOf(positions), members));
        }
        return zips;
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
        int left = resolve(where + ": left", rule.get("left"), variables);
        int right = resolve(where + ": right", rule.get("right"), variables);
        if (left == right) {
            throw LiftoffException.usage(where + ": left and right are the same variable " + variables.get(left).name());
        }
        Variable l = variables.get(left);
        Variable r = variables.get(right);
        if (!(rule.get("exclude") instanceof List)) {
            throw LiftoffException.usage(where + ": exclude must be a list of [" + l.name() + ", " + r.name() + "] pairs");
        }
        List<Object> entries = (List<Object>) rule.get("exclude");
        long[] excluded = new long[entries.size()];
        List<String> pairs = new ArrayList<>();
        for (Object pair : entries) {
            if (!(pair instanceof List) || ((List<Object>) pair).size() != 2) {
                throw LiftoffException.usage(where + ": exclude entry " + YamlFiles.inline(pair) + " is not a pair ["
                        + l.name() + ", " + r.name() + "]");
            }
            Object a = ((List<Object>) pair).get(0);
            Object b = ((List<Object>) pair).get(1);
            excluded[pairs.size()] = FilterRule.pair(valueIndex(where, l, a), valueIndex(where, r, b), r.size());
            pairs.add("(" + YamlFiles.inline(a) + ", " + YamlFiles.inline(b) + ")");
        }
        String description = l.name() + ", " + r.name() + ": excludes " + String.join(", ", pairs);
        return new FilterRule(number, left, right, r.size(), excluded, description);
    }

    private static int valueIndex(String where, Variable variable, Object value) {
        int index = variable.indexOf(value);
        if (index < 0) {
            throw LiftoffException.usage(where + ": " + variable.name() + " has no value " + YamlFiles.inline(value)
                    + " (its values: " + variable.values().stream().map(YamlFiles::inline).collect(Collectors.joining(", ")) + ")");
        }
        return index;
    }

    /**
     * Resolves a short name, a dotted path or a nested one-key mapping such as {@code {yz: y}};
     * {@code where} names the place of the reference in errors.
     */
    private static int resolve(String where, Object reference, List<Variable> variables) {
        String dotted = dottedReference(where, reference);
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
            throw LiftoffException.usage(where + " names unknown variable '" + dotted + "' (variables: "
                    + (known.isEmpty() ? "none" : known) + ")");
        }
        if (matches.size() > 1) {
            throw LiftoffException.usage(where + " '" + dotted + "' is ambiguous: it could be "
                    + matches.stream().map(i -> variables.get(i).dotted()).collect(Collectors.joining(" or ")));
        }
        return matches.get(0);
    }

    @SuppressWarnings("unchecked")
    private static String dottedReference(String where, Object reference) {
        StringBuilder dotted = new StringBuilder();
        Object node = reference;
        while (node instanceof Map) {
            Map<String, Object> map = (Map<String, Object>) node;
            if (map.size() != 1) {
                throw LiftoffException.usage(where + " must be a variable name, a dotted path or a one-key mapping such as {yz: y}");
            }
            Map.Entry<String, Object> only = map.entrySet().iterator().next();
            dotted.append(only.getKey()).append('.');
            node = only.getValue();
        }
        if (!(node instanceof String) || ((String) node).isBlank()) {
            throw LiftoffException.usage(where + " must be a variable name, a dotted path or a one-key mapping such as {yz: y}");
        }
        return dotted.append((String) node).toString();
    }
}
