package io.liftoff.cli;

import io.liftoff.Display;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/**
 * Columns aligned whatever the widths: cells may hold picocli markup ({@code @|red 3|@}), which is
 * measured without its markup and coloured (or not) when printed.
 */
final class Table {
    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** A column; a header starting with {@code >} is right-aligned (numbers). */
    Table(String... headers) {
        for (String header : headers) {
            boolean right = header.startsWith(">");
            this.headers.add(right ? header.substring(1) : header);
            this.rightAligned.add(right);
        }
    }

    void row(String... cells) {
        rows.add(cells);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out, Ansi ansi) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], Display.plain(row[i]).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            header.append(i > 0 ? "  " : "").append(pad("@|bold " + headers.get(i) + "|@", headers.get(i), widths[i], rightAligned.get(i)));
        }
        out.println(ansi.string(header.toString().stripTrailing()));
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i > 0 ? "  " : "").append(pad(row[i], Display.plain(row[i]), widths[i], rightAligned.get(i)));
            }
            out.println(ansi.string(line.toString()).stripTrailing());
        }
    }

    private static String pad(String cell, String plain, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - plain.length()));
        return right ? spaces + cell : cell + spaces;
    }
}
