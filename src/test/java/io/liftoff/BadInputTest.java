package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (src/test/resources/bad-input/corpus.txt): each case exits 2 with one line
 * on stderr naming what is wrong, and creates or changes nothing. Adding a case is adding a line.
 */
class BadInputTest {
    @TempDir
    Path dir;

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = BadInputTest.class.getResourceAsStream("/bad-input/corpus.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\|", 3);
                cases.add(Arguments.of(fields[0].strip(), fields[1].strip(), fields[2].strip()));
            }
        }
        return cases.stream();
    }

    /** The tutorial's configs, and broken files for the cases to point at. */
    private Lab lab() {
        Lab lab = new Lab(dir);
        TestFiles.write(lab.configs.resolve("malformed.yaml"), "x: [1, 2\n");
        TestFiles.write(lab.configs.resolve("duplicate.yaml"), "x: 1\nx: 2\n");
        TestFiles.write(lab.configs.resolve("numberkey.yaml"), "1: x\n");
        TestFiles.write(lab.configs.resolve("toplist.yaml"), "- 1\n- 2\n");
        grid(lab, "badfilter", "x: [1, 2]\nyz:\n  y: [1]\nfilter_out:\n  - {left: x, right: w, exclude: [[1, 1]]}\n");
        grid(lab, "emptylist", "x: []\n");
        grid(lab, "noexclude", "x: [1, 2]\ny: [3]\nfilter_out:\n  - {left: x, right: y}\n");
        grid(lab, "badvalue", "x: [1, 2]\ny: [3]\nfilter_out:\n  - {left: x, right: y, exclude: [[9, 3]]}\n");
        TestFiles.write(dir.resolve("data.txt"), "not a script\n");
        return lab;
    }

    private static void grid(Lab lab, String name, String config) {
        TestFiles.write(lab.configs.resolve(name).resolve("default.yaml"), "x: 0\ny: 0\n");
        TestFiles.write(lab.configs.resolve(name).resolve("config.yaml"), config);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRejectedWithOneLineAndNothingWritten(String name, String arguments, String expected) {
        Lab lab = lab();
        List<String> args = new ArrayList<>();
        for (String word : arguments.split("\\s+")) {
            args.add(fill(word, lab));
        }
        boolean launch = args.get(0).equals("launch");
        if (launch) {
            args.addAll(List.of("--configs-dir", lab.configs.toString(), "--results-path", lab.results.toString()));
        }
        List<String> before = TestFiles.tree(dir);
        Cli.Result result = Cli.run(args.toArray(String[]::new)).rejected();
        String line = result.err().strip();
        String program = launch ? "liftoff: " : "liftoff-" + args.get(0) + ": ";
        assertTrue(line.startsWith(program), line);
        assertTrue(line.contains(fill(expected, lab)), () -> "expected '" + fill(expected, lab) + "' in: " + line);
        assertEquals(before, TestFiles.tree(dir), "nothing created or changed");
    }

    private String fill(String text, Lab lab) {
        return text.replace("{fixture}", Lab.fixture("fixture.py").toString()).replace("{lab}", dir.toString())
                .replace("{configs}", lab.configs.toString()).replace("{results}", lab.results.toString());
    }
}
