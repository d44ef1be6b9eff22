package io.liftoff.collect;

import io.liftoff.store.RunState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code liftoff-collect --group}: a collection's rows summed up per variation ({@link Collect#grouped}). */
final class Grouped {
    private Grouped() {
    }

    /**
     * A row per variation of {@code perRun}: its {@code variedColumns}, how many runs it has and how many
     * are done, and the {@link Statistics} of {@code seconds} and of each of {@code candidates} that holds
     * a number in some row.
     */
    static ResultTable byVariation(ResultTable perRun, List<String> variedColumns, List<String> candidates) {
        List<String> numeric = new ArrayList<>();
        numeric.add("seconds");
        for (String column : candidates) {
            if (perRun.rows().stream().anyMatch(row -> ResultTable.isNumber(row.get(column)))) {
                numeric.add(column);
            }
        }
        List<String> columns = new ArrayList<>();
        columns.add("variation");
        columns.addAll(variedColumns);
        columns.add("runs");
        columns.add("done");
        for (String column : numeric) {
            for (String statistic : Statistics.NAMES) {
                columns.add(column + "." + statistic);
            }
        }
        Map<String, List<Map<String, Object>>> byVariation = new LinkedHashMap<>();
        for (Map<String, Object> row : perRun.rows()) {
            byVariation.computeIfAbsent((String) row.get("variation"), k -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> variation : byVariation.entrySet()) {
            List<Map<String, Object>> members = variation.getValue();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("variation", variation.getKey());
            for (String column : variedColumns) {
                row.put(column, members.get(0).get(column));
            }
            row.put("runs", (long) members.size());
            row.put("done", members.stream().filter(r -> RunState.DONE.key().equals(r.get("state"))).count());
            for (String column : numeric) {
                List<Object> values = new ArrayList<>();
                for (Map<String, Object> member : members) {
                    values.add(member.get(column));
                }
                Statistics.of(values).putInto(row, column);
            }
            rows.add(row);
        }
        return new ResultTable(columns, rows);
    }
}
