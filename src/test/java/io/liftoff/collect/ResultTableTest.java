package io.liftoff.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    @Test
    void csvCellsTableCellsAndStatistics() throws IOException {
        StringWriter out = new StringWriter();
        new ResultTable(List.of("a", "b"), List.of(Map.of("a", "x,y", "b", Double.NaN), new LinkedHashMap<>(Map.of("a", "q\"")))).writeCsv(out);
        assertEquals("a,b\r\n\"x,y\",nan\r\n\"q\"\"\",\r\n", out.toString());
        assertEquals("1.23457", ResultTable.shortText(1.2345678));
        assertEquals("0.000012", ResultTable.shortText(0.000012));
        assertEquals("1.2E-7", ResultTable.shortText(1.2e-7));
        assertEquals("1764000000.25", ResultTable.text(1764000000.25), "as Python prints it");
        assertEquals("10000000.0", ResultTable.text(1e7));
        assertEquals("3.0", ResultTable.shortText(3.0));
        assertEquals("a\\nb?[31m", ResultTable.shortText("a\nb\u001b[31m"));
        Statistics stats = Statistics.of(Arrays.asList(1L, 3L, null, "x", Double.NaN));
        assertEquals(new Statistics(2, 2.0, Math.sqrt(2), 1L, 3L), stats);
        assertEquals(new Statistics(1, 2.5, null, 2.5, 2.5), Statistics.of(List.of(2.5)));
        assertEquals(new Statistics(0, null, null, null, null), Statistics.of(List.of("x")));
    }

    @Test
    void sortingIsNumericForNumbersWithEmptyCellsLast() {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (Object value : Arrays.asList(10L, null, 9.5, "b", 100L, "a")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("v", value);
            rows.add(row);
        }
        ResultTable table = new ResultTable(List.of("v"), rows);
        assertEquals(Arrays.asList(9.5, 10L, 100L, "a", "b", null), table.sortedBy("v", false).rows().stream().map(r -> r.get("v")).toList());
        assertEquals(Arrays.asList("b", "a", 100L, 10L, 9.5, null), table.sortedBy("v", true).rows().stream().map(r -> r.get("v")).toList());
    }
}
