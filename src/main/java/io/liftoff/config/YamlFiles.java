package io.liftoff.config;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes the YAML of configs and run folders. Reading follows PyYAML's YAML 1.1 typing
 * (so a config means what it meant to the original tool) except that dates stay strings; every
 * error names the file, line and column.
 */
public final class YamlFiles {
    // Building a Yaml is costly and an instance is not thread-safe: keep one of each per thread.
    private static final ThreadLocal<Yaml> LOADER = ThreadLocal.withInitial(YamlFiles::newLoader);
    private static final ThreadLocal<Yaml> INLINE = ThreadLocal.withInitial(YamlFiles::newInlineDumper);
    // Scalars repeat across thousands of variations and runs: render each once (null is a valid key).
    private static final ThreadLocal<Map<Object, String>> INLINE_CACHE = ThreadLocal.withInitial(java.util.HashMap::new);

    private YamlFiles() {
    }

    /** Loads a file whose top level must be a mapping; an empty file is an empty mapping. */
    public static Map<String, Object> loadMapping(Path file) {
        String shown = Display.path(file);
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = LOADER.get().load(reader);
        } catch (NoSuchFileException e) {
            throw LiftoffException.usage(shown + ": no such file");
        } catch (MarkedYAMLException e) {
            throw LiftoffException.usage(shown + where(e.getProblemMark()) + ": " + describe(e));
        } catch (YAMLException e) {
            throw LiftoffException.usage(shown + ": " + oneLine(e.getMessage()));
        } catch (IOException e) {
            throw LiftoffException.usage(shown + ": cannot read (" + e.getMessage() + ")");
        }
        if (document == null) {
            return new LinkedHashMap<>();
        }
        if (!(document instanceof Map)) {
            throw LiftoffException.usage(shown + ": the top level must be a mapping of keys to values, not "
                    + describeType(document));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> mapping = (Map<String, Object>) document;
        return mapping;
    }

    /** Reads a text as YAML (for {@code --args} values and filters): {@code 3} is an int, {@code true} a boolean. */
    public static Object parseValue(String text, String what) {
        try {
            return LOADER.get().load(text);
        } catch (YAMLException e) {
            throw LiftoffException.usage(what + ": '" + text + "' is not a YAML value (" + oneLine(e.getMessage()) + ")");
        }
    }

    /**
     * Block-style YAML for files people read (cfg.yaml, generated variation files): nested mappings
     * as blocks, lists and scalars inline ({@code layers: [64, 64]}), each rendered by SnakeYAML
     * once per distinct value, which keeps writing a hundred thousand small files quick.
     */
    public static String dump(Map<String, Object> mapping) {
        StringBuilder out = new StringBuilder();
        writeBlock(mapping, "", out);
        return out.toString();
    }

    public static void dump(Map<String, Object> mapping, Writer writer) {
        try {
            writer.write(dump(mapping));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeBlock(Map<String, Object> mapping, String indent, StringBuilder out) {
        for (Map.Entry<String, Object> entry : mapping.entrySet()) {
            out.append(indent).append(inline(entry.getKey())).append(':');
            Object value = entry.getValue();
            if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
                out.append('\n');
                writeBlock((Map<String, Object>) value, indent + "  ", out);
            } else {
                out.append(' ').append(inline(value)).append('\n');
            }
        }
    }

    /** A value as it would appear inline in YAML, for titles: {@code 0.1}, {@code [64, 64]}, {@code {a: 1}}. */
    public static String inline(Object value) {
        boolean scalar = !(value instanceof Map) && !(value instanceof java.util.List);
        if (scalar) {
            String cached = INLINE_CACHE.get().get(value);
            if (cached != null) {
                return cached;
            }
        }
        String text = INLINE.get().dump(value).strip();
        text = text.endsWith("...") ? text.substring(0, text.length() - 3).strip() : text;
        if (scalar && INLINE_CACHE.get().size() < 100_000) {
            INLINE_CACHE.get().put(value, text);
        }
        return text;
    }

    private static Yaml newInlineDumper() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        options.setWidth(Integer.MAX_VALUE);
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        options.setDereferenceAliases(true);
        return new Yaml(new OneLineRepresenter(options), options);
    }

    /**
     * Everything on one line: SnakeYAML writes a multi-line string as a literal block ({@code |-}),
     * which cannot follow a key inline; double quotes with {@code \n} escapes can.
     */
    private static final class OneLineRepresenter extends Representer {
        OneLineRepresenter(DumperOptions options) {
            super(options);
            Represent plain = representers.get(String.class);
            representers.put(String.class, data -> {
                String text = data.toString();
                return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                        ? representScalar(Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
                        : plain.representData(data);
            });
        }
    }

    private static Yaml newLoader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new StringKeys(options), new Representer(dumperOptions), dumperOptions, options,
                new DatesAsStrings());
    }

    private static String where(Mark mark) {
        return mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        return oneLine(problem == null ? "malformed YAML" : problem);
    }

    private static String oneLine(String text) {
        return text == null ? "malformed YAML" : text.strip().replaceAll("\\s*\n\\s*", " ");
    }

    static String describeType(Object value) {
        if (value instanceof java.util.List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        return "the value " + value;
    }

    /**
     * Keys must be text: {@code on:} or {@code 1:} would reach scripts as a boolean or a number, which
     * is never what a config meant. Such a key is an error that says where it is and how to quote it.
     */
    private static final class StringKeys extends SafeConstructor {
        StringKeys(LoaderOptions options) {
            super(options);
        }

        @Override
        protected void constructMapping2ndStep(MappingNode node, Map<Object, Object> mapping) {
            for (NodeTuple tuple : node.getValue()) {
                Node key = tuple.getKeyNode();
                if (!Tag.STR.equals(key.getTag()) && !Tag.MERGE.equals(key.getTag())) {
                    String text = key instanceof ScalarNode ? ((ScalarNode) key).getValue() : "of this kind";
                    throw new KeyException("key " + text + " is not text (YAML reads it as "
                            + key.getTag().getValue().replace("tag:yaml.org,2002:", "") + "); quote it: '" + text + "'",
                            key.getStartMark());
                }
            }
            super.constructMapping2ndStep(node, mapping);
        }
    }

    private static final class KeyException extends MarkedYAMLException {
        KeyException(String problem, Mark mark) {
            super(null, null, problem, mark);
        }
    }

    /** PyYAML's implicit types minus timestamps: a date in a config stays the text the user wrote. */
    private static final class DatesAsStrings extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
