package io.liftoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code .__experiment}'s keys are a format that earlier experiments on disk hold: they never change by accident. */
class ExperimentMetaTest {
    private final ExperimentMeta meta = new ExperimentMeta("grid", "2026Dec07-101500", 1796600000L, "a comment", "train.py",
            "/home/me/project", List.of("liftoff", "train.py", "-e", "grid"), "0.1.0", "abc123", 3, 2);

    @Test
    void itsKeysAreTheFormatsInTheirOrder() {
        assertEquals(List.of("name", "timestamp", "created", "comment", "script", "working_directory", "command_line",
                "version", "git_commit", "runs_no", "retries"), List.copyOf(meta.toMap().keySet()));
        assertEquals(Arrays.asList("grid", "2026Dec07-101500", 1796600000L, "a comment", "train.py", "/home/me/project",
                List.of("liftoff", "train.py", "-e", "grid"), "0.1.0", "abc123", 3, 2), List.copyOf(meta.toMap().values()));
    }

    @Test
    void itReadsBackWhatItWrote() {
        Map<String, Object> read = Json.parseObject(Json.line(meta.toMap()));
        assertEquals(meta, ExperimentMeta.fromMap(read, "2026Dec07-101500_grid"));
    }

    @Test
    void aMissingKeyTakesItsDefault() {
        ExperimentMeta bare = ExperimentMeta.fromMap(Map.of(), "2026Dec07-101500_grid");
        assertEquals("grid", bare.name());
        assertEquals(1, bare.runsNo());
        assertEquals(List.of(), bare.commandLine());
    }
}
