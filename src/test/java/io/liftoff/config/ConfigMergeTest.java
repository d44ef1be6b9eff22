package io.liftoff.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMergeTest {
    private static Map<String, Object> yaml(String text) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) YamlFiles.parseValue(text, "test");
        return map;
    }

    @Test
    void mappingsMergeRecursively() {
        Map<String, Object> merged = ConfigMerge.merge(yaml("{x: 2, yz: {y: 3, z: 4}}"), yaml("{x: 10, yz: {z: 40}}"));
        assertEquals(yaml("{x: 10, yz: {y: 3, z: 40}}"), merged);
    }

    @Test
    void listsAndScalarsReplace() {
        Map<String, Object> merged = ConfigMerge.merge(yaml("{layers: [64, 64, 64], act: relu}"), yaml("{layers: [8], act: tanh}"));
        assertEquals(List.of(8), merged.get("layers"));
        assertEquals("tanh", merged.get("act"));
    }

    @Test
    void aMappingReplacesAScalarAndTheOtherWayRound() {
        assertEquals(yaml("{a: {b: 1}, c: 5}"), ConfigMerge.merge(yaml("{a: 1, c: {d: 2}}"), yaml("{a: {b: 1}, c: 5}")));
    }

    @Test
    void aKeyEndingInUnderscoreIsReplacedWhole() {
        Map<String, Object> merged = ConfigMerge.merge(
                yaml("{optim_: {name: sgd, lr: 0.1, momentum: 0.9}, net: {depth: 3, width: 8}}"),
                yaml("{optim_: {name: adam, lr: 0.001}, net: {depth: 5}}"));
        assertEquals(yaml("{name: adam, lr: 0.001}"), merged.get("optim_"), "no momentum left over from the default");
        assertEquals(yaml("{depth: 5, width: 8}"), merged.get("net"), "a plain key still merges");
    }

    @Test
    void deleteRemovesAnInheritedKey() {
        Map<String, Object> merged = ConfigMerge.merge(yaml("{x: 2, yz: {y: 3, z: 4}, w: 1}"), yaml("{yz: {z: delete}, w: delete}"));
        assertEquals(yaml("{x: 2, yz: {y: 3}}"), merged);
    }

    @Test
    void deleteOfAKeyTheDefaultLacksAddsNothing() {
        assertEquals(yaml("{x: 2}"), ConfigMerge.merge(yaml("{x: 2}"), yaml("{ghost: delete}")));
    }

    @Test
    void theInputsAreNotChanged() {
        Map<String, Object> base = yaml("{yz: {y: 3}, l: [1]}");
        Map<String, Object> overlay = yaml("{yz: {y: 4}}");
        Map<String, Object> merged = ConfigMerge.merge(base, overlay);
        @SuppressWarnings("unchecked")
        Map<String, Object> yz = (Map<String, Object>) merged.get("yz");
        yz.put("y", 99);
        assertEquals(yaml("{yz: {y: 3}, l: [1]}"), base);
        assertEquals(yaml("{yz: {y: 4}}"), overlay);
        assertFalse(merged.get("l") == base.get("l"), "lists are copied, not shared");
    }
}
