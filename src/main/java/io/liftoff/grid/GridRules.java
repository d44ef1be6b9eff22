package io.liftoff.grid;

import io.liftoff.LiftoffException;
import io.liftoff.config.YamlFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a grid's {@code zip} groups and {@code filter_out} rules against its variables. A rule
 * names variables by position: the lists first, then the sampled variables.
 */
final class GridRules {
    private static final Set<String> RULE_KEYS = Set.of("left", "right", "exclude");

    private final String shown;
    private final List<Variable> variables;
    private final List<SampledVariable> sampled;

    GridRules(String shown, List<Variable> variables, List<SampledVariable> sampled) {
        this.shown = shown;
        this.variables = variables;
        this.sampled = sampled;
    }

    private String name(int position) {
        return position < variables.size() ? variables.get(position).name() : sampled.get(position - variables.size()).name();
    }

    private List<String> path(int position) {
        return position < variables.size() ? variables.get(position).path() : sampled.get(position - variables.size()).path();
    }

    @SuppressWarnings("unchecked")
    List<ZipGroup> zips(Object groups) {
        List<ZipGroup> zips = new ArrayList<>();
        if (groups == null) {
            return zips;
        }
        String shape = shown + ": " + GridSpec.ZIP + " must be a list of groups of variables, such as [[lr, warmup], [a, b]]";
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
            String where = shown + ": " + GridSpec.ZIP + " group " + number + " " + YamlFiles.inline(names);
            if (names.size() < 2) {
                throw LiftoffException.usage(where + ": a group needs at least two variables");
            }
            List<Integer> positions = new ArrayList<>();
            for (Object name : names) {
                int position = resolve(where, name);
                if (position >= variables.size()) {
                    throw LiftoffException.usage(where + ": " + name(position) + " is sampled, and a zip group holds lists"
                            + " (each sample draws its own value)");
                }
                if (positions.contains(position)) {
                    throw LiftoffException.usage(where + ": names " + name(position) + " twice");
                }
                Integer earlier = groupOf.putIfAbsent(position, number);
                if (earlier != null) {
                    throw LiftoffException.usage(where + ": " + name(position) + " is already in zip group " + earlier);
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

    List<FilterRule> filters(Object rules) {
        List<FilterRule> filters = new ArrayList<>();
        if (rules == null) {
            return filters;
        }
        if (!(rules instanceof List)) {
            throw LiftoffException.usage(shown + ": " + GridSpec.FILTER_OUT
                    + " must be a list of rules {left: VAR, right: VAR, exclude: [[a, b], ...]}");
        }
        int number = 0;
        for (Object rule : (List<?>) rules) {
            number++;
            filters.add(rule(shown + ": " + GridSpec.FILTER_OUT + " rule " + number, number, rule));
        }
        return filters;
    }

    @SuppressWarnings("unchecked")
    private FilterRule rule(String where, int number, Object raw) {
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
        int left = resolve(where + ": left", rule.get("left"));
        int right = resolve(where + ": right", rule.get("right"));
        if (left == right) {
            throw LiftoffException.usage(where + ": left and right are the same variable " + name(left));
        }
        String l = name(left);
        String r = name(right);
        int rightSize = size(where, right);
        size(where, left);
        if (!(rule.get("exclude") instanceof List)) {
            throw LiftoffException.usage(where + ": exclude must be a list of [" + l + ", " + r + "] pairs");
        }
        List<Object> entries = (List<Object>) rule.get("exclude");
        long[] excluded = new long[entries.size()];
        List<String> pairs = new ArrayList<>();
        for (Object pair : entries) {
            if (!(pair instanceof List) || ((List<Object>) pair).size() != 2) {
                throw LiftoffException.usage(where + ": exclude entry " + YamlFiles.inline(pair) + " is not a pair ["
                        + l + ", " + r + "]");
            }
            Object a = ((List<Object>) pair).get(0);
            Object b = ((List<Object>) pair).get(1);
            excluded[pairs.size()] = FilterRule.pair(valueIndex(where, left, a), valueIndex(where, right, b), rightSize);
            pairs.add("(" + YamlFiles.inline(a) + ", " + YamlFiles.inline(b) + ")");
        }
        String description = l + ", " + r + ": excludes " + String.join(", ", pairs);
        return new FilterRule(number, left, right, rightSize, excluded, description);
    }

    /** How many values a variable of a rule has; a sampled variable must draw from a list of values it can count. */
    private int size(String where, int position) {
        if (position < variables.size()) {
            return variables.get(position).size();
        }
        SampledVariable variable = sampled.get(position - variables.size());
        long size = variable.distribution().size();
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw LiftoffException.usage(where + ": " + variable.name() + " is sampled from " + variable.distribution().describe()
                    + ", whose values cannot be listed; filter_out needs a list, a !choice or a !randint of fewer values");
        }
        return (int) size;
    }

    private int valueIndex(String where, int position, Object value) {
        if (position >= variables.size()) {
            SampledVariable variable = sampled.get(position - variables.size());
            long index = variable.distribution().indexOf(value);
            if (index < 0) {
                throw LiftoffException.usage(where + ": " + variable.name() + " never draws " + YamlFiles.inline(value)
                        + " (it draws from " + variable.distribution().describe() + ")");
            }
            return (int) index;
        }
        Variable variable = variables.get(position);
        int index = variable.indexOf(value);
        if (index < 0) {
            throw LiftoffException.usage(where + ": " + variable.name() + " has no value " + YamlFiles.inline(value)
                    + " (its values: " + variable.values().stream().map(YamlFiles::inline).collect(Collectors.joining(", ")) + ")");
        }
        return index;
    }

    /**
     * Resolves a short name, a dotted path or a nested one-key mapping such as {@code {yz: y}} to a
     * position; {@code where} names the place of the reference in errors.
     */
    private int resolve(String where, Object reference) {
        String dotted = dottedReference(where, reference);
        List<String> wanted = List.of(dotted.split("\\.", -1));
        int count = variables.size() + sampled.size();
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> path = path(i);
            if (path.equals(wanted)) {
                return i;
            }
            if (path.size() >= wanted.size() && path.subList(path.size() - wanted.size(), path.size()).equals(wanted)) {
                matches.add(i);
            }
        }
        if (matches.isEmpty()) {
            String known = java.util.stream.IntStream.range(0, count).mapToObj(this::name).collect(Collectors.joining(", "));
            throw LiftoffException.usage(where + " names unknown variable '" + dotted + "' (variables: "
                    + (known.isEmpty() ? "none" : known) + ")");
        }
        if (matches.size() > 1) {
            throw LiftoffException.usage(where + " '" + dotted + "' is ambiguous: it could be "
                    + matches.stream().map(i -> String.join(".", path(i))).collect(Collectors.joining(" or ")));
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
