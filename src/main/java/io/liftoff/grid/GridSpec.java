package io.liftoff.grid;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigFiles;
import io.liftoff.config.Tagged;
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
 * groups of variables vary together, and {@code filter_out} drops chosen pairs of values. A value
 * tagged with a distribution ({@code lr: !loguniform [1e-5, 0.1]}) is a sampled variable, which
 * {@code liftoff-prepare --samples N} draws N times for every point of the grid.
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

    private final Path file;
    private final String fallbackTitle;
    private final List<Variable> variables;
    private final List<SampledVariable> sampled;
    private final Map<String, Object> fixed;
    private final List<ZipGroup> zips;
    private final List<FilterRule> filters;
    private final int[][] factors;
    private final int[] titlePositions;

    private GridSpec(Path file, String fallbackTitle, List<Variable> variables, List<SampledVariable> sampled,
            Map<String, Object> fixed, List<ZipGroup> zips, List<FilterRule> filters) {
        this.file = file;
        this.fallbackTitle = fallbackTitle;
        this.variables = List.copyOf(variables);
        this.sampled = List.copyOf(sampled);
        this.fixed = fixed;
        this.zips = List.copyOf(zips);
        this.filters = List.copyOf(filters);
        this.factors = factors(variables, zips);
        int[] varying = IntStream.range(0, variables.size()).filter(i -> variables.get(i).size() > 1).toArray();
        this.titlePositions = varying.length > 0 || !sampled.isEmpty() ? varying : IntStream.range(0, variables.size()).toArray();
    }

    public static GridSpec load(Path file) {
        return parse(file, YamlFiles.loadTaggedMapping(file));
    }

    static GridSpec parse(Path file, Map<String, Object> yaml) {
        String shown = Display.path(file);
        Map<String, Object> body = new LinkedHashMap<>(yaml);
        Object rules = body.remove(FILTER_OUT);
        Object groups = body.remove(ZIP);
        List<List<String>> paths = new ArrayList<>();
        // Each path's list of values, or its Tagged distribution.
        List<Object> lists = new ArrayList<>();
        Map<String, Object> fixed = new LinkedHashMap<>();
        walk(shown, body, new ArrayList<>(), paths, lists, fixed);
        for (Object rule : new Object[] {rules, groups}) {
            Tagged tagged = Tagged.find(rule);
            if (tagged != null) {
                throw LiftoffException.usage(shown + ": " + (rule == rules ? FILTER_OUT : ZIP) + " holds the tag !" + tagged.tag()
                        + "; tags belong on a variable's value");
            }
        }
        List<String> names = shortNames(paths);
        List<Variable> variables = new ArrayList<>();
        List<SampledVariable> sampled = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            List<String> path = paths.get(i);
            if (lists.get(i) instanceof Tagged) {
                String where = shown + ": " + String.join(".", path);
                sampled.add(new SampledVariable(path, names.get(i), Distribution.parse(where, (Tagged) lists.get(i))));
            } else {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) lists.get(i);
                variables.add(new Variable(path, values, names.get(i)));
            }
        }
        GridRules rulesOf = new GridRules(shown, variables, sampled);
        List<ZipGroup> zips = rulesOf.zips(groups);
        checkSize(shown, variables, zips);
        List<FilterRule> filters = rulesOf.filters(rules);
        return new GridSpec(file, ConfigFiles.nameOf(file), variables, sampled, fixed, zips, filters);
    }

    /**
     * A grid built from parts rather than read from a file (a command-line sweep): {@code fixed} is
     * the whole configuration the variables' values are put into, {@code title} names a variation
     * when there are no variables, {@code source} names the input in errors.
     */
    static GridSpec of(String source, String title, List<Variable> variables, Map<String, Object> fixed) {
        checkSize(source, variables, List.of());
        return new GridSpec(null, title, variables, List.of(), fixed, List.of(), List.of());
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

    /** The variables drawn anew for each sample, in the order of the file (a sampler's dimensions). */
    public List<SampledVariable> sampled() {
        return sampled;
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

    /** How many combinations of the lists there are before filtering (a zip group counts once), for each sample. */
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
            List<Object> lists, Map<String, Object> fixed) {
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            path.add(entry.getKey());
            Object value = entry.getValue();
            String where = shown + ": " + String.join(".", path);
            // Mappings are walked into; a tag inside a list or inside a tag's own value is misplaced.
            Tagged inner = value instanceof Tagged ? Tagged.find(((Tagged) value).value())
                    : value instanceof List ? Tagged.find(value) : null;
            if (inner != null) {
                throw LiftoffException.usage(where + ": the tag !" + inner.tag() + " is inside another value; a tag"
                        + " must be a key's whole value (key: !loguniform [1e-5, 0.1])");
            }
            if (value instanceof Tagged) {
                paths.add(List.copyOf(path));
                lists.add(value);
            } else if (value instanceof List) {
                List<Object> values = (List<Object>) value;
                checkValues(where, values);
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

}
