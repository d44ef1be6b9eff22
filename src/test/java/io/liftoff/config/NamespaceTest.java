package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class NamespaceTest {
    @SuppressWarnings("unchecked")
    private static Namespace of(String text) {
        return Namespace.of((Map<String, Object>) YamlFiles.parseValue(text, "test"));
    }

    @Test
    void nestedMappingsAreReachedWithDottedPaths() {
        Namespace opts = of("{x: 2, yz: {y: 3, z: 4.5}, name: run, 'on': true}");
        assertEquals(2, opts.getInt("x"));
        assertEquals(3, opts.getNamespace("yz").getInt("y"));
        assertEquals(4.5, opts.getDouble("yz.z"));
        assertEquals("run", opts.getString("name"));
        assertTrue(opts.getBoolean("on"));
        assertTrue(opts.has("yz.y"));
        assertFalse(opts.has("yz.w"));
    }

    @Test
    void aWholeValueKeyIsSeenWithoutItsUnderscoreAsAPlainMapping() {
        Namespace opts = of("{optim_: {name: adam, args: {lr: 0.1}}}");
        assertEquals(List.of("optim"), List.copyOf(opts.keys()));
        assertInstanceOf(Map.class, opts.get("optim"));
        assertEquals(Map.of("lr", 0.1), opts.getMap("optim").get("args"));
        assertEquals(0.1, opts.getDouble("optim.args.lr"));
    }

    @Test
    void missingKeysAndWrongTypesSayWhich() {
        Namespace opts = of("{x: abc}");
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> opts.get("y"));
        assertTrue(missing.getMessage().contains("'y'"));
        ClassCastException wrong = assertThrows(ClassCastException.class, () -> opts.getInt("x"));
        assertTrue(wrong.getMessage().contains("'x'"));
    }

    @Test
    void toMapGivesTheScriptView() {
        assertEquals(Map.of("a", Map.of("b", 1), "o", Map.of("k", 2)), of("{a: {b: 1}, o_: {k: 2}}").toMap());
    }
}
