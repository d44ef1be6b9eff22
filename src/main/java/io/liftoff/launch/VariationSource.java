package io.liftoff.launch;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigFiles;
import io.liftoff.config.ConfigMerge;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.Overrides;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import io.liftoff.grid.GridFolder;
import io.liftoff.grid.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where an experiment's variations come from: one config ({@code configs/default.yaml}, maybe with
 * {@code -c diff} merged over it) or the variations {@code liftoff-prepare} wrote for a grid. Each
 * gets the {@code --args} overrides. Prepared files are read one at a time, as they are needed.
 */
public final class VariationSource implements Iterable<Variation> {
    private final String name;
    private final long count;
    private final Iterable<Variation> variations;

    private VariationSource(String name, long count, Iterable<Variation> variations) {
        this.name = name;
        this.count = count;
        this.variations = variations;
    }

    /** The experiment name this source suggests: the config's or the grid's name. */
    public String name() {
        return name;
    }

    public long count() {
        return count;
    }

    /** The same variations, read once and kept, for a launch that looks at them twice (--filters). */
    public VariationSource kept() {
        List<Variation> list = new ArrayList<>();
        variations.forEach(list::add);
        return new VariationSource(name, list.size(), list);
    }

    @Override
    public Iterator<Variation> iterator() {
        return variations.iterator();
    }

    /** {@code configs/<default>.yaml}, with {@code configs/<config>.yaml} merged over it when given. */
    public static VariationSource single(Path configsDir, String defaultName, String configName, Overrides overrides,
            Consumer<String> notes) {
        Path defaultFile = ConfigFiles.resolve(configsDir, defaultName, "-d");
        Map<String, Object> config = YamlFiles.loadMapping(defaultFile);
        String title = ConfigFiles.nameOf(defaultFile);
        if (configName != null) {
            Path file = ConfigFiles.resolve(configsDir, configName, "-c");
            config = ConfigMerge.merge(config, YamlFiles.loadMapping(file));
            title = ConfigFiles.nameOf(file);
        }
        config = applyOverrides(config, overrides, notes);
        config.put(MetaKeys.TITLE, title);
        config.putIfAbsent(MetaKeys.EXPERIMENT_ARGUMENTS, new LinkedHashMap<>());
        return new VariationSource(title, 1, List.of(new Variation(title, config)));
    }

    /**
     * A grid typed on the command line ({@code --sweep lr=0.1,0.01 seed=1,2}) over one config, as
     * {@link #single} makes it (with {@code --args} applied first).
     */
    public static VariationSource sweep(VariationSource single, List<String> words, Consumer<String> notes) {
        Variation base = single.iterator().next();
        Map<String, Object> config = new LinkedHashMap<>(base.config());
        config.remove(MetaKeys.TITLE);
        config.remove(MetaKeys.EXPERIMENT_ARGUMENTS);
        Sweep sweep = Sweep.of(words, config, single.name(), notes);
        return new VariationSource(single.name(), sweep.count(), sweep);
    }

    /** The variations prepared in {@code configs/<exp>/}; none prepared, or prepared from files changed since, is bad input. */
    public static VariationSource prepared(GridFolder grid, Overrides overrides, Consumer<String> notes) {
        Map<String, Object> defaults = grid.defaults();
        List<Path> files = grid.generatedFiles();
        grid.staleness().ifPresent(stale -> {
            throw LiftoffException.usage(stale.message());
        });
        if (files.isEmpty()) {
            throw LiftoffException.usage("-e " + grid.experiment() + ": " + Display.path(grid.path())
                    + " holds no prepared variations; run liftoff-prepare " + grid.experiment() + " first");
        }
        List<String> once = new ArrayList<>();
        Iterable<Variation> variations = () -> files.stream().map(file -> {
            Map<String, Object> config = ConfigMerge.merge(defaults, YamlFiles.loadMapping(file));
            config = applyOverrides(config, overrides, note -> {
                if (!once.contains(note)) {
                    once.add(note);
                    notes.accept(note);
                }
            });
            Object title = config.get(MetaKeys.TITLE);
            String text = title != null ? title.toString() : ConfigFiles.nameOf(file);
            config.put(MetaKeys.TITLE, text);
            return new Variation(text, config);
        }).iterator();
        return new VariationSource(grid.experiment(), files.size(), variations);
    }

    private static Map<String, Object> applyOverrides(Map<String, Object> config, Overrides overrides, Consumer<String> notes) {
        if (overrides.isEmpty()) {
            return config;
        }
        List<String> added = new ArrayList<>();
        Map<String, Object> result = overrides.applyTo(config, added);
        added.forEach(notes);
        return result;
    }
}
