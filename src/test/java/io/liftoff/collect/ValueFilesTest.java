package io.liftoff.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import io.liftoff.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueFilesTest {
    @TempDir
    Path dir;

    private Map<String, Object> read(String name, String text) throws IOException {
        return ValueFiles.read(TestFiles.write(dir.resolve(name), text));
    }

    @Test
    void jsonWithPythonsNaNAndNestedValues() throws IOException {
        Map<String, Object> values = read("s.json", "{\"loss\": NaN, \"best\": -Infinity, \"m\": {\"acc\": 0.5, \"f1\": {\"macro\": 1}}, "
                + "\"curve\": [1, 2], \"big\": 123456789012345678901234567890}");
        assertTrue(Double.isNaN((Double) values.get("loss")));
        Map<String, Object> flat = ValueFiles.flatten(values);
        assertEquals(List.of("loss", "best", "m.acc", "m.f1.macro", "curve", "big"), List.copyOf(flat.keySet()));
        assertEquals(Double.NEGATIVE_INFINITY, flat.get("best"));
        assertEquals(1L, flat.get("m.f1.macro"));
        assertEquals(List.of(1L, 2L), flat.get("curve"));
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), flat.get("big"));
    }

    @Test
    void yamlMapping() throws IOException {
        assertEquals(Map.of("loss", 0.5, "m", Map.of("acc", 1)), read("s.yaml", "loss: 0.5\nm:\n  acc: 1\n"));
        assertTrue(Double.isNaN((Double) read("n.yml", "x: .nan\n").get("x")));
    }

    @Test
    void lastRowOfACsvAsPythonWritesIt() throws IOException {
        Map<String, Object> row = read("m.csv", "\uFEFFepoch,loss,note,acc,empty\r\n1,0.9,\"first, \"\"quoted\"\"\",0.1,\r\n"
                + "2,nan,\"two\r\nlines\",inf,\r\n\r\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("epoch", 2L);
        expected.put("loss", Double.NaN);
        expected.put("note", "two\r\nlines");
        expected.put("acc", Double.POSITIVE_INFINITY);
        expected.put("empty", null);
        assertEquals(expected.toString(), row.toString());
        assertEquals(Map.of("a", 3L, "b", "x"), read("short.csv", "a,b\n1,y\n3,x"));
        assertEquals(Arrays.asList(1e-3, -2.5, "1.2.3", "0x10", 12L), List.copyOf(read("t.csv", "a,b,c,d,e\n1e-3,-2.5,1.2.3,0x10,12\n").values()));
    }

    @Test
    void lastLineOfJsonLines() throws IOException {
        assertEquals(Map.of("step", 2L), read("log.jsonl", "{\"step\": 1}\n{\"step\": 2}\n\n"));
    }

    @Test
    void brokenFilesSayWhy() throws IOException {
        Files.createDirectories(dir.resolve("folder.json"));
        assertThrows(NoSuchFileException.class, () -> ValueFiles.read(dir.resolve("none.json")));
        assertThrows(NoSuchFileException.class, () -> ValueFiles.read(dir.resolve("folder.json")));
        List<String[]> cases = List.of(
                new String[] {"a.json", "[1, 2]", "not a JSON object (a list)"},
                new String[] {"b.json", "3", "not a JSON object (a single value)"},
                new String[] {"c.json", "", "empty file"},
                new String[] {"d.json", "{\"a\": 1} {\"b\": 2}", "more than one JSON value"},
                new String[] {"e.json", "{\"a\": ", "Unexpected end-of-input"},
                new String[] {"f.yaml", "- 1\n", "the top level must be a mapping"},
                new String[] {"g.csv", "", "empty file"},
                new String[] {"h.csv", "a,b\n", "a header and no row"},
                new String[] {"i.csv", "a,b\n\"1,2\n", "a quoted field is not closed"},
                new String[] {"j.jsonl", "{\"a\": 1}\n[2]\n", "last line: not a JSON object"},
                new String[] {"k.json", "[".repeat(100_000), "nesting depth"});
        for (String[] bad : cases) {
            IOException e = assertThrows(IOException.class, () -> read(bad[0], bad[1]), bad[0]);
            assertTrue(e.getMessage().contains(bad[2]), bad[0] + ": " + e.getMessage());
        }
        String long17MiB = "x".repeat(17 << 20);
        assertTrue(assertThrows(IOException.class, () -> read("long.csv", "a\n" + long17MiB + "\n")).getMessage().contains("longer than"));
        assertTrue(assertThrows(IOException.class, () -> read("long.jsonl", "{}\n" + long17MiB)).getMessage().contains("longer than"));
        Files.write(dir.resolve("latin.csv"), new byte[] {'a', '\n', (byte) 0xE9, '\n'});
        assertEquals("not UTF-8 text", assertThrows(IOException.class, () -> ValueFiles.read(dir.resolve("latin.csv"))).getMessage());
    }

    @Test
    void unknownKindsAndPathsOutsideTheRunAreBadUsage() {
        assertThrows(LiftoffException.class, () -> Collect.checkFileName("summary.txt"));
        assertThrows(LiftoffException.class, () -> Collect.checkFileName("../summary.json"));
        assertThrows(LiftoffException.class, () -> Collect.checkFileName("a/../../summary.json"));
        assertThrows(LiftoffException.class, () -> Collect.checkFileName("/tmp/summary.json"));
        Collect.checkFileName("logs/summary.json");
    }
}
