package io.liftoff.config;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over a text held whole. SnakeYAML's own reader slides a window of 1024
 * characters and copies what it has not consumed at every step, so a scalar of n characters costs
 * n^2/1024 (a 4 MiB value took 10 to 20 seconds); here looking ahead is an array access. Same
 * positions; a character YAML does not allow is an error with its line and column.
 */
final class TextReader extends StreamReader {
    private static final String NAME = "'reader'";

    private final int[] text;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    TextReader(String text) {
        super(new StringReader(""));
        this.text = text.codePoints().toArray();
        for (int i = 0; i < this.text.length; i++) {
            if (!isPrintable(this.text[i])) {
                forward(i);
                throw new UnprintableException(String.format("the character U+%04X is not allowed in YAML text"
                        + " (inside double quotes it can be written \\u%04X)", this.text[i], this.text[i]), getMark());
            }
        }
    }

    /** A control character (or another one YAML forbids) in the text, with its line and column. */
    static final class UnprintableException extends MarkedYAMLException {
        UnprintableException(String problem, Mark mark) {
            super(null, null, problem, mark);
        }
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, index, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < text.length; i++) {
            int c = text[pointer++];
            index++;
            documentIndex++;
            // A CR followed by LF ends one line, not two.
            if (Constant.LINEBR.has(c) || c == '\r' && pointer < text.length && text[pointer] != '\n') {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int offset) {
        return pointer + offset < text.length ? text[pointer + offset] : 0;
    }

    @Override
    public String prefix(int length) {
        return new String(text, pointer, Math.max(0, Math.min(length, text.length - pointer)));
    }

    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        index += length;
        documentIndex += length;
        column += length; // a prefix never holds a line break
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }
}
