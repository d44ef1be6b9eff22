package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigHashTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) YamlFiles.parseValue(text, "test");
    }

    @Test
    void keyOrderDoesNotMatter() {
        assertEquals(ConfigHash.of(yaml("{a: 1, b: {c: 2, d: [1, 2]}}")), ConfigHash.of(yaml("{b: {d: [1, 2], c: 2}, a: 1}")));
    }

    @Test
    void theHashIsStableAcrossRuns() {
        // Pinned: experiments created by earlier versions must still recognise their variations.
        assertEquals("3ab8ea8bdca674e1eb68fb900f98aed3", ConfigHash.of(yaml("{x: 1, yz: {y: 2}}")));
    }

    @Test
    void valuesTypesAndListOrderMatter() {
        String base = ConfigHash.of(yaml("{a: 1, l: [1, 2]}"));
        assertNotEquals(base, ConfigHash.of(yaml("{a: 2, l: [1, 2]}")));
        assertNotEquals(base, ConfigHash.of(yaml("{a: '1', l: [1, 2]}")));
        assertNotEquals(base, ConfigHash.of(yaml("{a: 1.0, l: [1, 2]}")));
        assertNotEquals(base, ConfigHash.of(yaml("{a: 1, l: [2, 1]}")));
        assertNotEquals(ConfigHash.of(yaml("{a: {b: 1}}")), ConfigHash.of(yaml("{a.b: 1}")));
    }

    @Test
    void theKeysLiftoffAddsDoNotCount() {
        assertEquals(ConfigHash.of(yaml("{x: 1}")), ConfigHash.of(yaml(
                "{x: 1, title: 'x=1', experiment_arguments: {x: 1}, run_id: 3, cfg_id: 2, out_dir: /r, full_title: t, comment: c}")));
    }
}
