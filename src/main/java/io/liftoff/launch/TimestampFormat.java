package io.liftoff.launch;

import io.liftoff.LiftoffException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --timestamp-fmt}: a strftime pattern as Python users write it ({@code %Y%b%d-%H%M%S}, the
 * default, renders {@code 2026Nov24-060110}) or a Java DateTimeFormatter pattern.
 */
public final class TimestampFormat {
    public static final String DEFAULT = "%Y%b%d-%H%M%S";
    private static final Map<Character, String> STRFTIME = Map.ofEntries(
            Map.entry('Y', "yyyy"), Map.entry('y', "yy"), Map.entry('m', "MM"), Map.entry('d', "dd"),
            Map.entry('H', "HH"), Map.entry('M', "mm"), Map.entry('S', "ss"), Map.entry('b', "MMM"),
            Map.entry('B', "MMMM"), Map.entry('a', "EEE"), Map.entry('j', "DDD"), Map.entry('f', "SSSSSS"));

    private TimestampFormat() {
    }

    public static String format(String pattern, LocalDateTime time) {
        String text;
        try {
            text = formatter(pattern).format(time);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw LiftoffException.usage("--timestamp-fmt " + pattern + ": " + e.getMessage());
        }
        if (text.isBlank() || text.contains("/")) {
            throw LiftoffException.usage("--timestamp-fmt " + pattern + ": gives '" + text + "', which cannot name a folder");
        }
        return text;
    }

    static DateTimeFormatter formatter(String pattern) {
        if (!pattern.contains("%")) {
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        }
        StringBuilder java = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char code = pattern.charAt(++i);
                if (code == '%') {
                    java.append("'%'");
                } else if (STRFTIME.containsKey(code)) {
                    java.append(STRFTIME.get(code));
                } else {
                    throw new IllegalArgumentException("%" + code + " is not supported (use %Y %y %m %d %H %M %S %b %B %a %j %f)");
                }
            } else if (Character.isLetter(c) || c == '\'') {
                java.append('\'').append(c == '\'' ? "''" : String.valueOf(c)).append('\'');
            } else {
                java.append(c);
            }
        }
        return DateTimeFormatter.ofPattern(java.toString(), Locale.ENGLISH);
    }
}
