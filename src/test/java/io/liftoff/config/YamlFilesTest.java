package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import io.liftoff.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlFilesTest {
    @TempDir
    Path dir;

    private String errorFor(String text) {
        Path file = TestFiles.write(dir.resolve("bad.yaml"), text);
        LiftoffException e = assertThrows(LiftoffException.class, () -> YamlFiles.loadMapping(file));
        assertEquals(io.liftoff.ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage().substring(file.toString().length());
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertEquals(":2:5: mapping values are not allowed here", errorFor("x: 1\ny: a: b\n"));
        assertTrue(errorFor("x: [1, 2\n").startsWith(":2:1: "));
    }

    @Test
    void duplicateKeysAreErrors() {
        assertTrue(errorFor("x: 1\nx: 2\n").contains("found duplicate key x"));
    }

    @Test
    void keysMustBeText() {
        assertEquals(":3:3: key on is not text (YAML reads it as bool); quote it: 'on'", errorFor("a: 1\nb:\n  on: 2\n"));
        assertEquals(":1:1: key 1 is not text (YAML reads it as int); quote it: '1'", errorFor("1: x\n"));
    }

    @Test
    void theTopLevelMustBeAMapping() {
        assertEquals(": the top level must be a mapping of keys to values, not a list", errorFor("- 1\n- 2\n"));
        assertEquals(": the top level must be a mapping of keys to values, not the value 42", errorFor("42\n"));
    }

    @Test
    void aMissingFileIsBadInput() {
        LiftoffException e = assertThrows(LiftoffException.class, () -> YamlFiles.loadMapping(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ": no such file", e.getMessage());
    }

    @Test
    void typesFollowYaml11ButDatesStayText() {
        Map<String, Object> config = YamlFiles.loadMapping(TestFiles.write(dir.resolve("ok.yaml"),
                "i: 3\nf: 0.5\nb: yes\ns: text\nn: ~\nd: 2020-01-01\nl: [1, two]\n"));
        assertEquals(3, config.get("i"));
        assertEquals(0.5, config.get("f"));
        assertEquals(Boolean.TRUE, config.get("b"));
        assertEquals("2020-01-01", config.get("d"));
        assertEquals(List.of(1, "two"), config.get("l"));
        assertTrue(config.containsKey("n") && config.get("n") == null);
    }

    @Test
    void anEmptyFileIsAnEmptyMapping() {
        assertEquals(Map.of(), YamlFiles.loadMapping(TestFiles.write(dir.resolve("empty.yaml"), "# nothing\n")));
    }

    @Test
    void dumpedYamlReadsBackTheSame() {
        Map<String, Object> config = YamlFiles.loadMapping(TestFiles.write(dir.resolve("a.yaml"),
                "a: {b: [1, [2, 3]], c: 'yes'}\ns: \"a'; touch pwned; '\"\nd: '2020-01-01'\nu: héllo\n"));
        Map<String, Object> again = YamlFiles.loadMapping(TestFiles.write(dir.resolve("b.yaml"), YamlFiles.dump(config)));
        assertEquals(config, again);
    }

    @Test
    void plainWordsAreWrittenAsSnakeYamlWouldWriteThem() {
        org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
        options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW);
        org.yaml.snakeyaml.Yaml snake = new org.yaml.snakeyaml.Yaml(options);
        for (String text : List.of("x", "_", "lr", "x=1; yz.y=10", "a.b/c-d", "a  b", "yes", "No", "on", "OFF", "y", "n", "null",
                "Null", "true", "False", "a:b", "a: b", "a #b", "a,b", "a b ", " a", "a-", "-a", "=", "x=", "sgd", "run_0001", "é")) {
            assertEquals(snake.dump(text).strip(), YamlFiles.inline(text), text);
            if (YamlFiles.isPlainWord(text)) {
                assertEquals(text, YamlFiles.loadMapping(TestFiles.write(dir.resolve("w.yaml"), "k: " + text)).get("k"), text);
            }
        }
        for (Object number : List.of(0, -1, 42, Integer.MIN_VALUE, Long.MAX_VALUE, 12345678901234L)) {
            assertEquals(snake.dump(number).strip(), YamlFiles.inline(number));
        }
    }

    @Test
    void numbersAndBooleansAreWrittenAsTheEmitterWritesThem() {
        java.util.Random random = new java.util.Random(7);
        java.util.List<Object> values = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 1.0, -1.5, 1e-5, 1e-300,
                1.7976931348623157e308, Double.MIN_VALUE, 123456789.0, 1e7, 1e-3, 0.1, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true, false));
        for (int i = 0; i < 2000; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
        }
        for (Object value : values) {
            assertEquals(YamlFiles.emitted(value), YamlFiles.inline(value), String.valueOf(value));
        }
        assertEquals("1.0E+10", YamlFiles.inline(1e10), "the exponent's sign, as PyYAML needs it");
        assertEquals("[2.5E+20, 1.0E-9]", YamlFiles.inline(java.util.List.of(2.5e20, 1e-9)), "in lists too");
    }
}
