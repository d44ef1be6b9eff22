package io.liftoff.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * The limits on what liftoff reads as YAML (DESIGN §11: bad input is rejected in bounded time and
 * memory), and a parser that enforces the node and depth limits while SnakeYAML composes a
 * document, before anything large is built. An alias counts as everything it stands for, so a
 * "billion laughs" of a few hundred bytes stops at the limit instead of expanding later, when
 * liftoff copies, merges and writes the values. The limits sit far above real configs (a
 * variable of 10^5 values is 10^5 nodes) and keep the worst input under a few hundred MiB.
 */
final class YamlBounds implements Parser {
    /** Bytes in one YAML file (or command-line value): a 10^5-value variable of long paths is a few MiB. */
    static final int MAX_BYTES = 16 << 20;
    /** Nodes (scalars, lists, mappings) in one document once aliases are expanded. */
    static final long MAX_NODES = 1_000_000;
    /** Lists and mappings nested in one another, aliases expanded; real configs nest a handful. */
    static final int MAX_DEPTH = 50;
    /** Digits of an integer: Java parses big integers in quadratic time; Python 3.11 stops at 4300 too. */
    static final int MAX_INT_DIGITS = 4300;

    private final Parser parser;
    private final Deque<Extent> open = new ArrayDeque<>();
    // The node each anchor names now (a later anchor of the same name replaces it, as in SnakeYAML).
    private final Map<String, Extent> anchors = new HashMap<>();
    private long nodes;

    YamlBounds(Parser parser) {
        this.parser = parser;
    }

    /**
     * A node an anchor may name: how many nodes it holds and how many levels of lists and mappings
     * (a scalar 0); a list or mapping knows both when it ends, and until then it is open.
     */
    private static final class Extent {
        final long firstNode;
        final int depth;
        int deepest;
        long size = -1;
        int levels;

        Extent(long firstNode, int depth) {
            this.firstNode = firstNode;
            this.depth = depth;
            this.deepest = depth;
        }
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event event = parser.getEvent();
        if (event instanceof AliasEvent) {
            expand((AliasEvent) event);
        } else if (event instanceof CollectionStartEvent) {
            Extent started = new Extent(nodes, open.size() + 1);
            count(1, started.depth, event.getStartMark());
            remember(((NodeEvent) event).getAnchor(), started);
            open.push(started);
        } else if (event.is(Event.ID.SequenceEnd) || event.is(Event.ID.MappingEnd)) {
            Extent ended = open.pop();
            ended.size = nodes - ended.firstNode;
            ended.levels = ended.deepest - ended.depth + 1;
            if (!open.isEmpty()) {
                open.peek().deepest = Math.max(open.peek().deepest, ended.deepest);
            }
        } else if (event.is(Event.ID.Scalar)) {
            Extent scalar = new Extent(nodes, open.size());
            scalar.size = 1;
            count(1, open.size(), event.getStartMark());
            remember(((NodeEvent) event).getAnchor(), scalar);
        }
        return event;
    }

    private void remember(String anchor, Extent node) {
        if (anchor != null) {
            anchors.put(anchor, node);
        }
    }

    private void expand(AliasEvent alias) {
        Extent target = anchors.get(alias.getAnchor());
        if (target == null) {
            return; // SnakeYAML reports the undefined alias
        }
        if (target.size < 0) {
            throw new LimitException("alias *" + alias.getAnchor() + " is used inside its own anchor (a recursive value)",
                    alias.getStartMark());
        }
        count(target.size, open.size() + target.levels, alias.getStartMark());
    }

    private void count(long added, int depth, Mark mark) {
        nodes += added;
        if (nodes > MAX_NODES) {
            throw new LimitException("more than " + String.format("%,d", MAX_NODES)
                    + " values once aliases are expanded (liftoff's limit for one YAML document)", mark);
        }
        if (depth > MAX_DEPTH) {
            throw new LimitException("lists and mappings nested more than " + MAX_DEPTH
                    + " deep once aliases are expanded (liftoff's limit)", mark);
        }
        if (!open.isEmpty()) {
            open.peek().deepest = Math.max(open.peek().deepest, depth);
        }
    }

    /** A limit was passed: reported like any YAML error, with the line and column. */
    static final class LimitException extends MarkedYAMLException {
        LimitException(String problem, Mark mark) {
            super(null, null, problem, mark);
        }
    }
}
