package io.liftoff.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Builds a config from YAML: text, numbers, booleans, null, lists and mappings with text keys, the
 * values a config means in Python too and that liftoff writes back unchanged. Everything else is
 * an error that says where it is: keys that are not text or hold control characters, integers too
 * long to parse in bounded time, and the tags whose values would not survive a round trip
 * ({@code !!binary} bytes, {@code !!timestamp} dates, sets, ordered maps and pairs). A local tag
 * ({@code !loguniform [1e-5, 0.1]}) becomes a {@link Tagged} value where {@code tagged} allows it
 * (a grid's config files) and is an error everywhere else.
 */
final class ConfigConstructor extends SafeConstructor {
    private static final List<Tag> UNSUPPORTED = List.of(Tag.BINARY, Tag.TIMESTAMP, Tag.SET, Tag.OMAP, Tag.PAIRS);

    ConfigConstructor(LoaderOptions options, boolean tagged) {
        super(options);
        setAllowDuplicateKeys(options.isAllowDuplicateKeys());
        Construct ints = yamlConstructors.get(Tag.INT);
        yamlConstructors.put(Tag.INT, new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
                String text = ((ScalarNode) node).getValue();
                if (text.length() > YamlBounds.MAX_INT_DIGITS) {
                    throw new ConfigException("an integer of " + text.length() + " characters is longer than liftoff reads (at most "
                            + YamlBounds.MAX_INT_DIGITS + " digits)", node.getStartMark());
                }
                return ints.construct(node);
            }
        });
        for (Tag tag : UNSUPPORTED) {
            yamlConstructors.put(tag, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    throw new ConfigException(tag.getValue().replace(Tag.PREFIX, "!!") + " values are not supported (a config holds "
                            + "text, numbers, booleans, null, lists and mappings)", node.getStartMark());
                }
            });
        }
        Construct undefined = yamlConstructors.get(null);
        yamlConstructors.put(null, new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!") || tag.startsWith("!!")) {
                    return undefined.construct(node);
                }
                if (!tagged) {
                    throw new ConfigException("the tag " + tag + " is allowed only in a grid's configs/EXPERIMENT/config*.yaml "
                            + "(a sampled variable for liftoff-prepare --samples N)", node.getStartMark());
                }
                return new Tagged(tag.substring(1), content(node));
            }
        });
    }

    private Object content(Node node) {
        if (node instanceof SequenceNode) {
            return new java.util.ArrayList<>(constructSequence((SequenceNode) node));
        }
        if (node instanceof MappingNode) {
            return constructMapping((MappingNode) node);
        }
        return constructScalar((ScalarNode) node);
    }

    /**
     * Keys must be text: {@code on:} or {@code 1:} would reach scripts as a boolean or a number, which
     * is never what a config meant. Such a key is an error that says where it is and how to quote it.
     */
    @Override
    protected void constructMapping2ndStep(MappingNode node, Map<Object, Object> mapping) {
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!Tag.STR.equals(key.getTag()) && !Tag.MERGE.equals(key.getTag())) {
                String text = key instanceof ScalarNode ? YamlFiles.printable(((ScalarNode) key).getValue()) : "of this kind";
                throw new ConfigException("key " + text + " is not text (YAML reads it as "
                        + key.getTag().getValue().replace(Tag.PREFIX, "") + "); quote it: '" + text + "'",
                        key.getStartMark());
            }
            String problem = key instanceof ScalarNode ? unprintable(((ScalarNode) key).getValue()) : null;
            if (problem != null) {
                throw new ConfigException("key " + YamlFiles.inline(((ScalarNode) key).getValue()) + " holds " + problem
                        + "; keys must be printable text", key.getStartMark());
            }
        }
        super.constructMapping2ndStep(node, mapping);
    }

    /**
     * What makes {@code key} unfit as a key, or null: a control character (NUL, a newline, ...) or a
     * line separator, which would end up in titles, folder names and error lines.
     */
    static String unprintable(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return String.format("a control character (U+%04X)", (int) c);
            }
        }
        return null;
    }

    private static final class ConfigException extends MarkedYAMLException {
        ConfigException(String problem, Mark mark) {
            super(null, null, problem, mark);
        }
    }
}
