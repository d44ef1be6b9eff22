package io.liftoff.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of this host, read from /proc without spawning anything (no {@code ps}). Each
 * process is known by pid and start time, so a reused pid is never mistaken for a recorded one.
 */
public final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    /** One line of /proc/PID/stat: what liftoff needs to find and verify processes. */
    public record Entry(long pid, char state, long ppid, long processGroup, long session, long startTicks) {
        public ProcessIdentity identity() {
            return new ProcessIdentity(pid, startTicks, Host.name());
        }

        boolean isZombie() {
            return state == 'Z' || state == 'X';
        }
    }

    private ProcessTable() {
    }

    /** The process with this pid, unless it is gone or a zombie. */
    public static Optional<Entry> entry(long pid) {
        try {
            Entry entry = parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8));
            return entry == null || entry.isZombie() ? Optional.empty() : Optional.of(entry);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the recorded process runs: same pid, same start time, this host. */
    public static Liveness liveness(ProcessIdentity identity) {
        if (identity == null) {
            return Liveness.DEAD;
        }
        if (!identity.isLocal()) {
            return Liveness.UNKNOWN;
        }
        if (!Files.isDirectory(PROC)) {
            return ProcessHandle.of(identity.pid()).map(h -> h.isAlive() ? Liveness.ALIVE : Liveness.DEAD).orElse(Liveness.DEAD);
        }
        return entry(identity.pid())
                .filter(e -> identity.startTicks() < 0 || e.startTicks() == identity.startTicks())
                .map(e -> Liveness.ALIVE)
                .orElse(Liveness.DEAD);
    }

    /** The identity of a live local process, or empty when it has gone. */
    public static Optional<ProcessIdentity> identify(long pid) {
        return entry(pid).map(Entry::identity);
    }

    public static ProcessIdentity self() {
        long pid = ProcessHandle.current().pid();
        return identify(pid).orElse(new ProcessIdentity(pid, -1, Host.name()));
    }

    /** Every live process of this host. */
    public static List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        String[] names = PROC.toFile().list();
        if (names == null) {
            return entries;
        }
        for (String name : names) {
            if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                entry(Long.parseLong(name)).ifPresent(entries::add);
            }
        }
        return entries;
    }

    /** A process's command line, word by word; empty when it has gone or is not ours to read. */
    public static List<String> commandLine(long pid) {
        try {
            String text = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The values of {@code variables} in the environment a process started with (null for each that is
     * unset), or null when the process is gone or not ours to read. Every process a run starts
     * inherits the run's environment, so this finds a run's processes whatever they did to their
     * session or parent.
     */
    public static String[] environmentValues(long pid, String... variables) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        byte[][] keys = new byte[variables.length][];
        for (int v = 0; v < variables.length; v++) {
            keys[v] = (variables[v] + "=").getBytes(StandardCharsets.UTF_8);
        }
        String[] values = new String[variables.length];
        int i = 0;
        while (i < environ.length) {
            int end = i;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            for (int v = 0; v < keys.length; v++) {
                if (values[v] == null && startsWith(environ, i, end, keys[v])) {
                    values[v] = new String(environ, i + keys[v].length, end - i - keys[v].length, StandardCharsets.UTF_8);
                }
            }
            i = end + 1;
        }
        return values;
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (bytes[from + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /** Parses /proc/PID/stat; the command name may hold spaces and parentheses, so fields start after the last ')'. */
    static Entry parse(long pid, String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 of proc(5): state, ppid, pgrp, session, ... starttime is field 22.
        return new Entry(pid, fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                Long.parseLong(fields[3]), Long.parseLong(fields[19]));
    }
}
