package io.liftoff.collect;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as Python's csv module writes and reads it (RFC 4180: fields with a comma, a quote or a line
 * break are quoted, quotes doubled).
 */
final class Csv {
    /** A longer record is no row of results; reading it whole could exhaust memory. */
    static final int MAX_RECORD_CHARS = 16 << 20;

    private Csv() {
    }

    /** Writes one record and a {@code \r\n}, as Python's csv.writer does. */
    static void writeRecord(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0
                    || !field.isEmpty() && (Character.isWhitespace(field.charAt(0))
                            || Character.isWhitespace(field.charAt(field.length() - 1)))) {
                out.write('"');
                out.write(field.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(field);
            }
        }
        out.write("\r\n");
    }

    /** The first record of a CSV stream (its header) and its last non-empty record; reads the stream once. */
    record HeaderAndLast(List<String> header, List<String> last) {
    }

    static HeaderAndLast headerAndLast(Reader in) throws IOException {
        RecordReader reader = new RecordReader(in);
        List<String> header = reader.next();
        List<String> last = null;
        for (List<String> record = reader.next(); record != null; record = reader.next()) {
            if (!(record.size() == 1 && record.get(0).isEmpty())) {
                last = record;
            }
        }
        return new HeaderAndLast(header, last);
    }

    /** Records one at a time, with quoted fields spanning lines; memory bounded by the longest record. */
    private static final class RecordReader {
        private final Reader in;
        private final char[] buffer = new char[8192];
        private int position;
        private int limit;

        RecordReader(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++];
        }

        private void unread() {
            position--;
        }

        /** The next record, or null at the end of the stream. */
        List<String> next() throws IOException {
            int c = read();
            if (c < 0) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            long length = 0;
            while (true) {
                if (++length > MAX_RECORD_CHARS) {
                    throw new IOException("a row longer than " + (MAX_RECORD_CHARS >> 20) + " MiB characters");
                }
                if (c < 0) {
                    if (quoted) {
                        throw new IOException("a quoted field is not closed at the end of the file");
                    }
                    fields.add(field.toString());
                    return fields;
                }
                if (quoted) {
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (after >= 0) {
                                unread();
                            }
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int after = read();
                        if (after >= 0 && after != '\n') {
                            unread();
                        }
                    }
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
