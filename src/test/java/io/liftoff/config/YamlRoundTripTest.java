package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liftoff.TestFiles;
import io.liftoff.store.Json;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What liftoff writes (cfg.yaml, variation files) reads back the same: in Java, with PyYAML (for
 * scripts that read cfg.yaml themselves), and in Python through the helper, from a run's cfg.json
 * or through {@code liftoff config} for any other file.
 */
class YamlRoundTripTest {
    @TempDir
    Path dir;

    private static Map<String, Object> tricky() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", 1);
        m.put("yz", new LinkedHashMap<>(Map.of("y", 3)));
        m.put("title", "x=1; yz.y=10");
        m.put("nested", List.of(List.of(64, 64), List.of(128)));
        Map<String, Object> sgd = new LinkedHashMap<>();
        sgd.put("name", "sgd");
        sgd.put("lr", 0.1);
        sgd.put("betas", List.of(0.9, 0.999));
        m.put("optims", List.of(sgd, Map.of("name", "adam")));
        m.put("optim_", sgd);
        m.put("evil", "a'; touch pwned; '");
        m.put("quotes", "say \"hi\" and `rm -rf` $(id)");
        m.put("newline", "line1\nline2");
        m.put("newlines inside", List.of("x\ny", Map.of("k", "p\r\nq"), "title=|-\n  two"));
        m.put("tab", "a\tb");
        m.put("unicode", "héllo wörld ✓ 日本");
        m.put("emptymap", new LinkedHashMap<>());
        m.put("emptylist", new ArrayList<>());
        m.put("none", null);
        m.put("yes_string", "yes");
        m.put("on_string", "on");
        m.put("bool", true);
        m.put("small", 1.0e-5);
        // Java writes these 1.0E10 and 2.5E20: PyYAML reads a float only with the exponent's sign, 1.0E+10.
        m.put("large_float", 1.0e10);
        m.put("large_floats", List.of(2.5e20, 1e-9, 123456789.5));
        m.put("big", 12345678901234L);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("numstr", "123");
        m.put("floatstr", "1.5");
        m.put("date", "2020-01-01");
        m.put("colon", "a: b");
        m.put("hash", "a #b");
        m.put("lead", " leading space");
        m.put("key with space", "v");
        m.put("key: colon", "v");
        m.put("emptystr", "");
        m.put("tilde", "~");
        m.put("dash", "- x");
        m.put("deep", Map.of("a", Map.of("b", Map.of("c", List.of(Map.of("d", 1))))));
        return m;
    }

    @ParameterizedTest(name = "read by {0}")
    @ValueSource(strings = {"java", "PyYAML", "the helper, in a run (cfg.json)", "the helper, liftoff config"})
    void whatLiftoffWritesReadsBackTheSame(String reader) throws Exception {
        Map<String, Object> config = tricky();
        Path run = dir.resolve("run");
        Path file = TestFiles.write(run.resolve("cfg.yaml"), YamlFiles.dump(config));
        if (reader.equals("java")) {
            assertEquals(config, YamlFiles.loadMapping(file));
            return;
        }
        if (reader.contains("cfg.json")) {
            Json.writeConfig(run.resolve("cfg.json"), config);
        }
        StringWriter expected = new StringWriter();
        Json.write(config, expected, false);
        Path json = TestFiles.write(dir.resolve("expected.json"), expected.toString());
        String read = reader.equals("PyYAML")
                ? "import yaml\ngot = yaml.safe_load(open(sys.argv[2]))\nwant['optim_'] = want.pop('optim')\n"
                : "from liftoff import read_config\ngot = read_config(sys.argv[2]).to_dict()\n";
        String check = "import json, sys\n"
                + "sys.path.insert(0, sys.argv[1])\n"
                + "want = json.load(open(sys.argv[3]))\n"
                + "want['optim'] = want.pop('optim_')\n"
                + "want['inf'] = float(want['inf'])  # Jackson writes infinity as a string in plain JSON\n"
                + read
                + "print('same' if got == want else 'different: %r != %r' % (got, want))\n";
        Path helper = io.liftoff.launch.PythonLib.install(dir.resolve("python"));
        if (reader.equals("PyYAML")) {
            Process probe = new ProcessBuilder("python3", "-c", "import yaml").start();
            Assumptions.assumeTrue(probe.waitFor() == 0, "PyYAML is not installed");
        }
        Process process = new ProcessBuilder("python3", "-B", "-c", check, helper.toString(), file.toString(), json.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals("same", output, TestFiles.read(file));
    }

    /** Every C0 and C1 control character, DEL, the Unicode line separators and a byte order mark. */
    private static Map<String, Object> controlCharacters() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < 0x20; c++) {
            m.put(String.format("c%02x", c), "a" + (char) c + "b");
        }
        for (int c = 0x7f; c <= 0x9f; c++) {
            m.put(String.format("c%02x", c), "a" + (char) c + "b");
        }
        m.put("nul only", "\0");
        m.put("separators", "line\u2028para\u2029");
        m.put("bom", "\ufeffx");
        m.put("escape sequence", "\u001b[31mred\u001b[0m");
        m.put("in a list", List.of("\0", "x\u0007", Map.of("k", "\u0001")));
        return m;
    }

    @Test
    void controlCharactersInValuesReadBackAsTheSameText() {
        Map<String, Object> config = controlCharacters();
        String text = YamlFiles.dump(config);
        assertFalse(text.contains("!!binary"), text);
        assertEquals(config.size(), text.lines().count(), "one line per key: " + text);
        assertEquals(config, YamlFiles.loadMapping(TestFiles.write(dir.resolve("cfg.yaml"), text)));
        String lone = "half of a pair: \ud800";
        assertEquals(Map.of("x", lone), YamlFiles.loadMapping(TestFiles.write(dir.resolve("lone.yaml"), YamlFiles.dump(Map.of("x", lone)))));
    }

    @Test
    void pyYamlReadsControlCharactersAsText() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import yaml").redirectErrorStream(true).start();
        boolean present = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!present) {
            System.err.println("YamlRoundTripTest: SKIPPED the PyYAML round trip: `python3 -c 'import yaml'` failed");
        }
        assumeTrue(present, "PyYAML is not installed (python3 -c 'import yaml' failed)");
        Map<String, Object> config = controlCharacters();
        Path file = TestFiles.write(dir.resolve("cfg.yaml"), YamlFiles.dump(config));
        StringWriter expected = new StringWriter();
        Json.write(config, expected, false);
        Path json = TestFiles.write(dir.resolve("expected.json"), expected.toString());
        String check = "import json, sys, yaml\n"
                + "got = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
                + "want = json.load(open(sys.argv[2], encoding='utf-8'))\n"
                + "def texts(v):\n"
                + "    if isinstance(v, dict): return all(texts(x) for x in v.values())\n"
                + "    if isinstance(v, list): return all(texts(x) for x in v)\n"
                + "    return isinstance(v, str)\n"
                + "print('same' if got == want and texts(got) else 'different: %r != %r' % (got, want))\n";
        Process process = new ProcessBuilder("python3", "-B", "-c", check, file.toString(), json.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals("same", output, TestFiles.read(file));
    }
}
