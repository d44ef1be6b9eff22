package io.liftoff.report;

/** Text for the page: escaped for HTML, numbers without {@code String.format} (10,000 bars). */
final class Format {
    private Format() {
    }

    /** Appends text safe in element content and in quoted attributes; control characters become U+FFFD. */
    static StringBuilder escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out;
    }

    static String escape(String text) {
        return escape(new StringBuilder(text.length() + 16), text).toString();
    }

    /** One decimal at most: {@code 12}, {@code 12.5}, {@code -0.5}. */
    static StringBuilder decimal(StringBuilder out, double value) {
        long tenths = Math.round(value * 10);
        if (tenths < 0) {
            out.append('-');
            tenths = -tenths;
        }
        out.append(tenths / 10);
        if (tenths % 10 != 0) {
            out.append('.').append(tenths % 10);
        }
        return out;
    }

    /** {@code 850 ms}, {@code 4.2 s}, {@code 42 s}, {@code 3m 05s}, {@code 2h 03m}, {@code 1d 02h}. */
    static String duration(long millis) {
        if (millis < 0) {
            return "unknown";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return decimal(new StringBuilder(), millis / 1000.0) + " s";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + two(seconds % 60) + "s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h " + two(seconds / 60 % 60) + "m";
        }
        return seconds / 86400 + "d " + two(seconds / 3600 % 24) + "h";
    }

    static String seconds(long seconds) {
        return seconds < 0 ? "unknown" : duration(seconds * 1000);
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    private static String two(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }
}
