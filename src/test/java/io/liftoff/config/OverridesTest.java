package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.LiftoffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) YamlFiles.parseValue(text, "test");
    }

    private static Map<String, Object> apply(String config, List<String> notes, String... args) {
        return Overrides.parse(List.of(args), "--args").applyTo(yaml(config), notes);
    }

    @Test
    void valuesAreTypedAsYamlScalars() {
        Map<String, Object> result = apply("{a: {b: 1}, c: false, s: x, f: 1.0}", new ArrayList<>(),
                "a.b=3", "c=true", "s=hello world", "f=0.5", "n=null", "l=[1, 2]");
        assertEquals(3, result.get("a") instanceof Map ? ((Map<?, ?>) result.get("a")).get("b") : null);
        assertEquals(Boolean.TRUE, result.get("c"));
        assertEquals("hello world", result.get("s"));
        assertEquals(0.5, result.get("f"));
        assertTrue(result.containsKey("n") && result.get("n") == null);
        assertEquals(List.of(1, 2), result.get("l"));
    }

    @Test
    void anUnknownPathCreatesTheKeyAndSaysSo() {
        List<String> notes = new ArrayList<>();
        Map<String, Object> result = apply("{a: {b: 1}}", notes, "a.c=2", "d.e.f=x", "a.b=5");
        assertEquals(yaml("{a: {b: 5, c: 2}, d: {e: {f: x}}}"), result);
        assertEquals(List.of("--args a.c: no such key in the configuration, adding it",
                "--args d.e.f: no such key in the configuration, adding it"), notes);
    }

    @Test
    void aPathThroughAScalarIsRejected() {
        LiftoffException e = assertThrows(LiftoffException.class, () -> apply("{a: 1}", new ArrayList<>(), "a.b=2"));
        assertEquals(io.liftoff.ExitCode.USAGE, e.exitCode());
        assertEquals("--args a.b=2: a is not a mapping", e.getMessage());
    }

    @Test
    void textWithoutEqualsIsRejected() {
        LiftoffException e = assertThrows(LiftoffException.class, () -> Overrides.parse(List.of("lr"), "--args"));
        assertEquals("--args: 'lr' is not key=value (for example a.b=3)", e.getMessage());
        assertThrows(LiftoffException.class, () -> Overrides.parse(List.of("a..b=1"), "--args"));
    }

    @Test
    void aWholeValueKeyIsReachedWithoutItsUnderscore() {
        Map<String, Object> result = apply("{optim_: {lr: 0.1}}", new ArrayList<>(), "optim.lr=0.5");
        assertEquals(yaml("{optim_: {lr: 0.5}}"), result);
    }

    @Test
    void deleteRemovesTheKey() {
        assertEquals(yaml("{a: {}}"), apply("{a: {b: 1}}", new ArrayList<>(), "a.b=delete"));
    }
}
