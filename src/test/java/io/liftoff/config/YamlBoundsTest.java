package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import io.liftoff.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §11: hostile YAML is rejected with one line naming the file, in bounded time and memory. */
class YamlBoundsTest {
    private static final Duration BOUNDED = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private String errorFor(String text) {
        Path file = TestFiles.write(dir.resolve("bad.yaml"), text);
        LiftoffException e = assertTimeoutPreemptively(BOUNDED,
                () -> assertThrows(LiftoffException.class, () -> YamlFiles.loadMapping(file)));
        assertEquals(io.liftoff.ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage().substring(file.toString().length());
    }

    /** Nine levels of five aliases: 300 bytes, under SnakeYAML's 50 aliases, 9 x 5^9 values expanded. */
    private static String billionLaughs() {
        StringBuilder text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String previous = "*" + (char) (c - 1);
            text.append(c).append(": &").append(c).append(" [").append(String.join(", ", Collections.nCopies(5, previous))).append("]\n");
        }
        return text.toString();
    }

    @Test
    void aBillionLaughsStopsAtTheNodeLimit() {
        String bomb = billionLaughs();
        assertTrue(bomb.length() < 500, bomb);
        assertTrue(errorFor(bomb).contains("more than 1,000,000 values once aliases are expanded"));
    }

    @Test
    void aCommandLineValueHasTheSameLimits() {
        String bomb = "[" + billionLaughs().lines().map(line -> "{" + line + "}").collect(Collectors.joining(", ")) + "]";
        LiftoffException e = assertTimeoutPreemptively(BOUNDED,
                () -> assertThrows(LiftoffException.class, () -> YamlFiles.parseValue(bomb, "--args x")));
        assertTrue(e.getMessage().startsWith("--args x: '[{a: &a [x, x"), e.getMessage());
        assertTrue(e.getMessage().contains("...' is not a YAML value (more than 1,000,000 values"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void fewAliasesOfABigListAreCountedToo() {
        String list = IntStream.range(0, 100_000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String text = "a: &a [" + list + "]\n" + IntStream.range(0, 25).mapToObj(i -> "b" + i + ": *a\n").collect(Collectors.joining());
        assertTrue(errorFor(text).contains("more than 1,000,000 values"));
    }

    @Test
    void nestingIsBoundedAlsoThroughAliases() {
        assertTrue(errorFor("x: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n").contains("nested more than 50 deep"));
        String thirty = "[".repeat(30) + "1" + "]".repeat(30);
        assertEquals(Map.of("a", YamlFiles.parseValue(thirty, "t")), YamlFiles.loadMapping(TestFiles.write(dir.resolve("ok.yaml"), "a: " + thirty)));
        assertEquals(":2:34: lists and mappings nested more than 50 deep once aliases are expanded (liftoff's limit)",
                errorFor("a: &a " + thirty + "\nb: " + "[".repeat(30) + "*a" + "]".repeat(30) + "\n"));
    }

    @Test
    void aRecursiveAliasIsAnError() {
        assertEquals(":1:8: alias *a is used inside its own anchor (a recursive value)", errorFor("a: &a [*a]\n"));
    }

    @Test
    void fileSizeIsBoundedAlsoForFilesThatNeverEnd() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[YamlBounds.MAX_BYTES + 1]);
        LiftoffException e = assertThrows(LiftoffException.class, () -> YamlFiles.loadMapping(big));
        assertEquals(big + ": larger than 16 MiB, liftoff's limit for a YAML file", e.getMessage());
        Path device = Path.of("/dev/zero");
        if (Files.exists(device)) {
            assertTimeoutPreemptively(BOUNDED, () -> assertThrows(LiftoffException.class, () -> YamlFiles.loadMapping(device)));
        }
    }

    @Test
    void hugeIntegersAreRejectedBeforeTheyAreParsed() {
        assertEquals(":1:4: an integer of 1000000 characters is longer than liftoff reads (at most 4300 digits)",
                errorFor("x: !!int " + "7".repeat(1_000_000) + "\n"));
        assertEquals("7".repeat(1_000_000), YamlFiles.parseValue("7".repeat(1_000_000), "t"),
                "SnakeYAML reads a plain number of more than 1024 characters as text");
        Object big = YamlFiles.parseValue("!!int " + "9".repeat(4300), "t");
        assertEquals(new java.math.BigInteger("9".repeat(4300)), big);
    }

    @Test
    void controlCharactersInKeysAreErrorsNamingTheFile() {
        assertEquals(":3:3: key \"a\\0b\" holds a control character (U+0000); keys must be printable text",
                errorFor("x: 1\ny:\n  \"a\\0b\": 1\n"));
        assertTrue(errorFor("\"tab\\tkey\": 1\n").contains("holds a control character (U+0009)"));
        assertEquals(":2:6: the character U+0001 is not allowed in YAML text (inside double quotes it can be written \\u0001)",
                errorFor("x: 1\ny: ab\u0001\n"), "raw control characters are not YAML");
        LiftoffException args = assertThrows(LiftoffException.class,
                () -> Overrides.parse(List.of("a\u0007b=1"), "--args"));
        assertEquals("--args: the key \"a\\ab\" holds a control character (U+0007); keys must be printable text", args.getMessage());
    }

    @Test
    void errorLinesShowControlCharactersEscapedAndStayShort() {
        String tab = errorFor("x:\n\t- 1\n");
        assertTrue(tab.chars().noneMatch(Character::isISOControl), tab);
        LiftoffException e = assertThrows(LiftoffException.class, () -> YamlFiles.parseValue("!!int" + "9".repeat(5000), "--args x"));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void valuesThatWouldNotSurviveARoundTripAreErrors() {
        assertEquals(":1:4: !!binary values are not supported (a config holds text, numbers, booleans, null, lists and mappings)",
                errorFor("x: !!binary aGVsbG8=\n"));
        assertTrue(errorFor("x: !!timestamp 2020-01-01\n").contains("!!timestamp values are not supported"));
        assertTrue(errorFor("x: !!set {a, b}\n").contains("!!set values are not supported"));
    }

    @Test
    void realShapesFitTheLimits() {
        String values = IntStream.range(0, 100_000).mapToObj(i -> "run_" + i).collect(Collectors.joining(", "));
        Map<String, Object> config = assertTimeoutPreemptively(BOUNDED,
                () -> YamlFiles.loadMapping(TestFiles.write(dir.resolve("wide.yaml"), "x: [" + values + "]\ny: &y {a: 1}\nz: *y\n")));
        assertInstanceOf(List.class, config.get("x"));
        assertEquals(100_000, ((List<?>) config.get("x")).size());
    }
}
