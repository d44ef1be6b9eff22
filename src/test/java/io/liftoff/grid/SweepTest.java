package io.liftoff.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liftoff.LiftoffException;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SweepTest {
    private static final String BASE = "{lr: 0.5, seed: 0, optim_: {name: sgd, momentum: 0.9}, data: {name: mnist}}";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) YamlFiles.parseValue(text, "test");
    }

    private static Sweep sweep(String... words) {
        return Sweep.of(List.of(words), yaml(BASE), "default", note -> { });
    }

    private static List<Variation> variations(String... words) {
        return StreamSupport.stream(sweep(words).spliterator(), false).collect(Collectors.toList());
    }

    private static List<String> titles(String... words) {
        return variations(words).stream().map(Variation::title).collect(Collectors.toList());
    }

    private static String error(String... words) {
        LiftoffException e = assertThrows(LiftoffException.class, () -> sweep(words));
        assertEquals(io.liftoff.ExitCode.USAGE, e.exitCode());
        assertEquals(1, e.getMessage().lines().count());
        return e.getMessage();
    }

    @Test
    void twoWordsOfTwoValuesAreFourVariationsOverTheBase() {
        Sweep sweep = sweep("lr=0.1,0.01", "seed=1,2");
        assertEquals(4, sweep.count());
        assertEquals(List.of("lr=0.1; seed=1", "lr=0.1; seed=2", "lr=0.01; seed=1", "lr=0.01; seed=2"), titles("lr=0.1,0.01", "seed=1,2"));
        Variation last = variations("lr=0.1,0.01", "seed=1,2").get(3);
        assertEquals(yaml("{lr: 0.01, seed: 2, optim_: {name: sgd, momentum: 0.9}, data: {name: mnist}, title: 'lr=0.01; seed=2',"
                + " experiment_arguments: {lr: 0.01, seed: 2}}"), last.config());
    }

    @Test
    void aSingleValueIsAFixedOverrideAsWithArgs() {
        List<Variation> variations = variations("data.name=cifar", "seed=1,2");
        assertEquals(List.of("seed=1", "seed=2"), variations.stream().map(Variation::title).collect(Collectors.toList()));
        assertEquals(yaml("{name: cifar}"), variations.get(0).config().get("data"));
        assertEquals(yaml("{seed: 1}"), variations.get(0).config().get("experiment_arguments"));
        assertEquals(List.of("default"), titles("lr=0.3"), "nothing varies: one variation named as the config");
        assertEquals(List.of("default"), titles());
    }

    @Test
    void valuesAreYamlAndCommasInsideQuotesOrBracketsOrEscapedStay() {
        assertEquals(List.of(true, false, 3, "x", 0.5), values("v=true,false,3,x,0.5"));
        assertEquals(List.of(List.of(64, 64), List.of(128)), values("layers=[64,64],[128]"));
        assertEquals(List.of("a,b", "c", "d,e"), values("name='a,b',c,\"d,e\""));
        assertEquals(List.of("a,b", "c"), values("name=a\\,b,c"));
        assertEquals(List.of("it's", "ok"), values("msg=it's,ok"));
        assertEquals(List.of(Map.of("a", 1, "b", "x,y"), Map.of("a", 2)), values("opt={a: 1, b: 'x,y'},{a: 2}"));
    }

    private static List<Object> values(String word) {
        return sweep(word).spec().variables().get(0).values();
    }

    @Test
    void aDottedKeyReachesAWholeValueKeyAndANewKeyIsNoted() {
        List<String> notes = new ArrayList<>();
        Sweep sweep = Sweep.of(List.of("optim.momentum=0.8,0.99", "extra.depth=1,2"), yaml(BASE), "default", notes::add);
        Variation first = sweep.iterator().next();
        assertEquals("momentum=0.8; depth=1", first.title());
        assertEquals(yaml("{name: sgd, momentum: 0.8}"), first.config().get("optim_"));
        assertEquals(yaml("{depth: 1}"), first.config().get("extra"));
        assertEquals(List.of("--sweep extra.depth: no such key in the configuration, adding it"), notes);
    }

    @Test
    void aMillionVariationsAreCountedAndStreamedWithoutBeingBuilt() {
        StringBuilder thousand = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            thousand.append(i == 0 ? "" : ",").append(i);
        }
        Sweep sweep = sweep("a=" + thousand, "b=" + thousand);
        assertEquals(1_000_000, sweep.count());
        assertEquals("a=0; b=1", StreamSupport.stream(sweep.spliterator(), false).skip(1).findFirst().orElseThrow().title());
    }

    @Test
    void badWordsNameTheOptionAndTheWord() {
        assertEquals("--sweep: 'lr' is not key=value1,value2,... (for example lr=0.1,0.01)", error("lr"));
        assertEquals("--sweep lr=0.1,,0.2: value 2 is empty (write null or '' for those)", error("lr=0.1,,0.2"));
        assertEquals("--sweep lr=1,1.0: lists the value 1.0 twice", error("lr=1,1.0"));
        assertEquals("--sweep lr=2,3: lr is swept twice", error("lr=1", "lr=2,3"));
        assertEquals("--sweep lr.x=1,2: lr is not a mapping", error("lr.x=1,2"));
        assertEquals("--sweep lr: '[1,2' is not a YAML value (expected ',' or ']', but got <stream end>)", error("lr=[1,2"));
        assertEquals("--sweep: 'a..b' is not a dotted key path", error("a..b=1,2"));
        assertEquals("--sweep: the key \"a\\tb\" holds a control character (U+0009); keys must be printable text", error("a\tb=1,2"));
        assertEquals("--sweep lr=1,delete: 'delete' removes a key, so it cannot be one of several values", error("lr=1,delete"));
    }
}
