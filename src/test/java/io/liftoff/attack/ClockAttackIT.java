package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.process.Host;
import io.liftoff.store.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clocks and durations (DESIGN §6 and §11): absurd durations are exit 2, never a deadline silently
 * passed; records, sessions and abort marks dated in the future (another host's clock, a clock set
 * back) never leave a run stuck, and never break status.
 */
@Timeout(120)
class ClockAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;
    Path quick;

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
        quick = lab.script("quick.sh", "note start\necho \"ENDBY=${ENDBY:-}\"\n");
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @ParameterizedTest(name = "{0} {1} is bad usage")
    @CsvSource(delimiter = '|', value = {
        "--end-by|9300000000000000", "--end-by|1e400", "--end-by|99999999999999999999", "--end-by|-1", "--end-by|NaN",
        "--end-by|Infinity", "--end-by|0", "--end-by|0.4", "--end-by|1:60:00", "--end-by|18446744073709551616s",
        "--start-by|9300000000000000s", "--start-by|-5m", "--timeout|1e20", "--timeout|0", "--grace|-1",
        "--end-by|3155760001"})
    void anAbsurdDurationIsRejectedAndCreatesNothing(String option, String value) {
        lab.liftoff(quick, "--runs-no", "2", option, value).rejected();
        assertFalse(Files.exists(lab.results), "nothing created");
    }

    @Test
    void eachRunGetsTheSecondsLeftBeforeItsDeadline() {
        lab.liftoff(quick, "--detach", "--end-by", "2h").expect(0);
        String out = AttackLab.read(AttackLab.runDir(lab.experiment(), 0).resolve("out"));
        long left = Long.parseLong(out.strip().replace("ENDBY=", ""));
        assertTrue(left > 7100 && left <= 7200, out);
    }

    private Path pendingExperiment(int runs) {
        lab.liftoff(quick, "--runs-no", Integer.toString(runs), "--start-by", "0.001").expect(0);
        return lab.experiment();
    }

    private static void writeRecord(Path experiment, int run, String text, Instant modified) throws Exception {
        Path record = AttackLab.variation(experiment).resolve(".__runs/" + run);
        TestFiles.write(record, text);
        Files.setLastModifiedTime(record, FileTime.from(modified));
    }

    @ParameterizedTest(name = "a claim dated in the future by a session of {0} that has gone is taken over")
    @CsvSource({"this host", "another host"})
    void aFutureDatedClaimOfAGoneSessionIsTakenOver(String whose) throws Exception {
        Path experiment = pendingExperiment(2);
        String host = whose.equals("this host") ? Host.name() : "elsewhere-" + Host.name();
        double future = System.currentTimeMillis() / 1000.0 + 86400;
        writeRecord(experiment, 0, "{\"event\":\"claim\",\"owner\":\"session-0ddba11\",\"host\":\"" + host + "\",\"time\":" + future
                + ",\"launch\":{\"attempt\":1}}\n", Instant.now().plusSeconds(86400));
        lab.liftoff(quick, experiment.toString()).expect(0);
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment));
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts());
    }

    @Test
    void aLeftoverSessionFileDatedInTheFutureHoldsNothing() throws Exception {
        Path experiment = pendingExperiment(1);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeRecord(experiment, 0, "{\"event\":\"claim\",\"owner\":\"session-5ca1ab1e\",\"host\":\"" + Host.name() + "\",\"time\":1}\n",
                Instant.now().plusSeconds(3600));
        TestFiles.write(experiment.resolve(".__session-5ca1ab1e"), "{\"session_id\":\"session-5ca1ab1e\",\"pid\":" + gone.pid()
                + ",\"start_ticks\":1,\"host\":\"" + Host.name() + "\",\"started\":" + (System.currentTimeMillis() / 1000 + 86400) + "}");
        lab.liftoff(quick, experiment.toString()).expect(0);
        assertEquals("done", lab.states(experiment).get("0"));
    }

    @Test
    void anAbortMarkDatedInTheFutureDoesNotStopLaterLaunchers() {
        Path experiment = pendingExperiment(2);
        TestFiles.write(experiment.resolve(".__aborts"), "1\n" + (System.currentTimeMillis() + 86_400_000L) + "\n" + Host.name() + "\n");
        AttackLab.Result result = lab.liftoff(quick, experiment.toString(), "--procs-no", "2").expect(0);
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment), result.all());
    }

    @Test
    void runsDatedInTheFutureOrWithAbsurdTimesDoNotBreakStatus() throws Exception {
        Path experiment = pendingExperiment(4);
        double future = System.currentTimeMillis() / 1000.0 + 10 * 365 * 86400.0;
        String claim = "{\"event\":\"claim\",\"owner\":\"session-0\",\"host\":\"" + Host.name() + "\",\"time\":1}\n";
        writeRecord(experiment, 0, claim + "{\"event\":\"start\",\"time\":" + future + ",\"pid\":1,\"ticks\":1,\"host\":\"h\"}\n"
                + "{\"event\":\"end\",\"time\":" + (future + 5) + ",\"code\":0}\n", Instant.now());
        writeRecord(experiment, 1, claim + "{\"event\":\"start\",\"time\":1e308,\"pid\":1,\"ticks\":1,\"host\":\"h\"}\n"
                + "{\"event\":\"end\",\"time\":-1e308,\"code\":0}\n", Instant.now());
        writeRecord(experiment, 2, claim + "{\"event\":\"start\",\"time\":\"soon\",\"pid\":1,\"ticks\":1,\"host\":\"h\"}\n"
                + "{\"event\":\"end\",\"time\":100,\"code\":1}\n", Instant.now());
        Map<String, Object> status = lab.status(experiment);
        assertEquals(3L, AttackLab.count(status, "total") - AttackLab.count(status, "pending"));
        Object elapsed = status.get("elapsed_seconds");
        assertTrue(elapsed == null || ((Number) elapsed).longValue() >= 0, status.toString());
        lab.run("liftoff-status", experiment.toString(), "--runs").expect(0);
        lab.run("liftoff-status", "-a", "--crashes").expect(0);
        lab.run("liftoff-procs", experiment.toString()).expect(0);
        lab.liftoff(quick, experiment.toString()).expect(0);
        assertEquals("done", lab.states(experiment).get("3"));
    }

    @Test
    void startByStopsLaunchingAndSaysWhatWasNotStarted() {
        Path slow = lab.script("slow.sh", "note start\nsleep 0.6\n");
        AttackLab.Result result = lab.liftoff(slow, "--runs-no", "6", "--procs-no", "1", "--start-by", "1").expect(0);
        long started = lab.starts().size();
        assertTrue(started >= 1 && started <= 3, result.out());
        assertTrue(result.out().contains((6 - started) + " not started (--start-by 1s has passed)"), result.out());
    }

    @Test
    void aTimeoutStopsARunThatIgnoresTerm() {
        Path stubborn = lab.script("stubborn.sh", "trap '' TERM\nnote start\nsleep $LONG & wait\nsleep $LONG\n");
        AttackLab.Result result = lab.liftoff(stubborn, "--detach", "--timeout", "1", "--grace", "1").expect(1);
        assertTrue(result.millis() < 15_000, "took " + result.millis() + " ms");
        Path experiment = lab.experiment();
        assertEquals(1L, AttackLab.count(lab.status(experiment), "timed_out"));
        AttackLab.await("nothing left", 5, () -> lab.alive().isEmpty());
    }

    @Test
    void aTimeoutAlsoStopsWhatTheScriptDetached() {
        Path detaching = lab.script("detaching.sh", "note start\nsetsid sleep $LONG &\n( setsid sleep $LONG & )\nsleep $LONG\n");
        lab.liftoff(detaching, "--detach", "--timeout", "1", "--grace", "1").expect(1);
        AttackLab.await("the script and what it detached to be gone", 5, () -> lab.alive().isEmpty());
        assertEquals(1L, AttackLab.count(lab.status(lab.experiment()), "timed_out"));
    }

    @Test
    void aSessionFileThatIsNotJsonOrNamesNoProcessIsNoSession() throws Exception {
        Path experiment = pendingExperiment(1);
        TestFiles.write(experiment.resolve(".__session-garbage"), "\u0000\u0001not json");
        TestFiles.write(experiment.resolve(".__session-huge"), "{\"session_id\":\"session-huge\",\"pid\":9223372036854775807,"
                + "\"start_ticks\":-5,\"host\":\"" + Host.name() + "\",\"started\":9223372036854775807}");
        lab.run("liftoff-procs", experiment.toString()).expect(0);
        assertEquals(0, ((java.util.List<?>) lab.status(experiment).get("sessions")).size());
        lab.liftoff(quick, experiment.toString()).expect(0);
        assertEquals("done", lab.states(experiment).get("0"));
        assertTrue(Json.readObject(experiment.resolve(".__experiment")) != null);
    }
}
