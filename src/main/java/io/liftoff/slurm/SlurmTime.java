package io.liftoff.slurm;

import java.time.LocalDateTime;
import java.time.ZoneId;

/** Slurm's times as squeue writes them (a task's time limit, and when it ends), and how often liftoff asks. */
final class SlurmTime {
    private SlurmTime() {
    }

    /** Milliseconds between two looks at Slurm, from a number of seconds (decimals allowed); the default when not one. */
    static long intervalMillis(String seconds, long byDefault) {
        try {
            double value = Double.parseDouble(seconds.strip());
            return value >= 0 && value < 1e6 ? Math.round(value * 1000) : byDefault;
        } catch (NullPointerException | NumberFormatException e) {
            return byDefault;
        }
    }

    /**
     * When a queued task's time limit ends (epoch seconds), or -1: squeue's end for a running task,
     * else its limit counted from {@code startedMillis} (a view taken before it started shows it pending).
     */
    static long end(SlurmCli.QueueEntry entry, long startedMillis) {
        if (entry.state().equals("RUNNING")) {
            try {
                return LocalDateTime.parse(entry.end()).atZone(ZoneId.systemDefault()).toEpochSecond();
            } catch (RuntimeException e) {
                // no limit, or not a time: try the limit
            }
        }
        long limit = limitSeconds(entry.limit());
        return limit < 0 ? -1 : startedMillis / 1000 + limit;
    }

    /** Slurm's time format ({@code m}, {@code m:s}, {@code h:m:s}, {@code d-h}, {@code d-h:m}, {@code d-h:m:s}) in seconds, or -1. */
    static long limitSeconds(String text) {
        if (text == null || !text.matches("(\\d+-)?\\d+(:\\d+){0,2}")) {
            return -1;
        }
        long days = 0;
        String rest = text;
        if (text.contains("-")) {
            days = Long.parseLong(text.substring(0, text.indexOf('-')));
            rest = text.substring(text.indexOf('-') + 1);
        }
        String[] parts = rest.split(":");
        long[] n = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            n[i] = Long.parseLong(parts[i]);
        }
        long seconds;
        if (text.contains("-")) {
            seconds = n[0] * 3600 + (n.length > 1 ? n[1] * 60 : 0) + (n.length > 2 ? n[2] : 0);
        } else if (n.length == 3) {
            seconds = n[0] * 3600 + n[1] * 60 + n[2];
        } else {
            seconds = n[0] * 60 + (n.length > 1 ? n[1] : 0);
        }
        return days * 86400 + seconds;
    }
}
