package io.liftoff.launch;

import io.liftoff.LiftoffException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * liftoff's own durations ({@code --start-by}, {@code --end-by}, {@code --timeout}, {@code --grace}):
 * {@code 90} (seconds), {@code 90s}, {@code 1.5m}, {@code 45m}, {@code 2h}, {@code 3d}, or
 * {@code 1:30:00} (hours:minutes:seconds) and {@code 30:00} (minutes:seconds). Anything else, a
 * negative or absurdly long duration, is bad usage: never a deadline silently "already passed".
 */
public final class Durations {
    /** A hundred years: longer than any experiment, far below what a long holds in milliseconds. */
    public static final double MAX_SECONDS = 100 * 365.25 * 86400;

    private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|sec|m|min|h|d)?");
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+):(\\d{1,2}(?:\\.\\d+)?)");

    private Durations() {
    }

    /** Seconds in {@code text}; {@code option} names the option in the error. */
    public static double parse(String option, String text) {
        String value = text.strip();
        Matcher unit = UNIT.matcher(value);
        Matcher clock = CLOCK.matcher(value);
        double seconds;
        if (unit.matches()) {
            seconds = Double.parseDouble(unit.group(1)) * multiplier(unit.group(2));
        } else if (clock.matches()) {
            double hours = clock.group(1) == null ? 0 : Double.parseDouble(clock.group(1));
            double minutes = Double.parseDouble(clock.group(2));
            double secs = Double.parseDouble(clock.group(3));
            if (clock.group(1) != null && minutes >= 60 || secs >= 60) {
                throw bad(option, text, "minutes and seconds of a clock time go up to 59");
            }
            seconds = hours * 3600 + minutes * 60 + secs;
        } else {
            throw bad(option, text, "write 90, 90s, 45m, 2h, 3d or 1:30:00");
        }
        if (!(seconds <= MAX_SECONDS)) {
            throw bad(option, text, "longer than a hundred years");
        }
        return seconds;
    }

    /** Like {@link #parse}, for durations that must be longer than zero. */
    public static double positive(String option, String text) {
        double seconds = parse(option, text);
        if (seconds <= 0) {
            throw bad(option, text, "must be longer than zero");
        }
        return seconds;
    }

    private static double multiplier(String unit) {
        if (unit == null) {
            return 1;
        }
        switch (unit) {
            case "m":
            case "min":
                return 60;
            case "h":
                return 3600;
            case "d":
                return 86400;
            default:
                return 1;
        }
    }

    private static LiftoffException bad(String option, String text, String why) {
        return LiftoffException.usage(option + " " + text + ": not a duration (" + why + ")");
    }

    /** {@code 90s}, {@code 45m}, {@code 2h}: how messages show a duration. */
    public static String format(double seconds) {
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return (long) (seconds / 3600) + "h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return (long) (seconds / 60) + "m";
        }
        return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + "s";
    }
}
