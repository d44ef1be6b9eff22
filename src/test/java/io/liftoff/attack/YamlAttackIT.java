package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile YAML (DESIGN §11: bad input gets exit 2 and one line, in bounded time and memory, or works;
 * never an out-of-memory crash, never a file liftoff cannot read back). Reading configs and grids
 * belongs to config/ and grid/; the checks that fail there wait for the grid branch.
 */
@Timeout(60)
class YamlAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;
    Path quick;

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
        quick = lab.script("quick.sh", "note start\n");
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private AttackLab.Result launchWith(String yaml) {
        TestFiles.write(dir.resolve("configs/attack.yaml"), yaml);
        return lab.run(20, "liftoff", quick.toString(), "-c", "attack");
    }

    private void assertRejectedQuickly(AttackLab.Result result) {
        result.rejected();
        assertTrue(result.err().contains("attack.yaml"), "names the file: " + result.err());
        assertTrue(result.millis() < 10_000, "took " + result.millis() + " ms");
        assertFalse(Files.exists(lab.results), "nothing created");
    }

    @Test
    void aBillionLaughsIsRejected() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String previous = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, previous)))
                    .append("]\n");
        }
        assertRejectedQuickly(launchWith(yaml.toString()));
    }

    @Test
    void deepNestingIsRejected() {
        assertRejectedQuickly(launchWith("x: " + "[".repeat(20000) + "]".repeat(20000) + "\n"));
    }

    @Test
    void aRawNulCharacterIsRejected() {
        assertRejectedQuickly(launchWith("x: 1\u0000\n"));
    }

    @Test
    void controlCharactersInAValueWorkAndReadBack() {
        launchWith("x: \"tab\\tbell\\aNUL\\0end\"\n").expect(0);
        Path run = AttackLab.runDir(lab.experiment(), 0);
        assertTrue(AttackLab.read(run.resolve("cfg.yaml")).contains("x: "));
        assertEquals(1L, AttackLab.count(lab.status(lab.experiment()), "done"));
        lab.liftoff(quick, lab.experiment().toString(), "--runs-no", "2").expect(0);
    }

    @Test
    void aHundredThousandDigitNumberWorksOrIsRejected() {
        AttackLab.Result result = launchWith("x: 1" + "0".repeat(100_000) + "\n");
        assertTrue(result.exitCode() == 0 || result.exitCode() == 2, result.all());
        assertTrue(result.millis() < 10_000, "took " + result.millis() + " ms");
    }

    @Test
    void anOverlongKeyIsRejectedWithAMessageThatSaysSo() {
        AttackLab.Result result = launchWith("k".repeat(100_000) + ": 1\n");
        assertRejectedQuickly(result);
        assertTrue(result.err().contains("long"), result.err());
    }

    @Test
    void aMillionVariationsAreCountedInBoundedTimeAndMemory() {
        String values = IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        TestFiles.write(dir.resolve("configs/million/default.yaml"), "a: 0\nb: 0\n");
        TestFiles.write(dir.resolve("configs/million/config.yaml"), "a: [" + values + "]\nb: [" + values + "]\n");
        AttackLab.Result result = lab.run(30, "liftoff-prepare", "million", "-n").expect(0);
        assertTrue(result.out().contains("1000000 variations") || result.out().contains("1,000,000 variations"), result.out());
    }

    @Test
    void aVariableOfAHundredThousandValuesIsCounted() {
        TestFiles.write(dir.resolve("configs/wide/default.yaml"), "a: 0\n");
        TestFiles.write(dir.resolve("configs/wide/config.yaml"), "a: [" + IntStream.range(0, 100_000).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + "]\n");
        AttackLab.Result result = lab.run(30, "liftoff-prepare", "wide", "-n").expect(0);
        assertTrue(result.out().contains("100000 variations") || result.out().contains("100,000 variations"), result.out());
    }
}
