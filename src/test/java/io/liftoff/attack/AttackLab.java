package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.launch.RunWrapper;
import io.liftoff.process.ProcessTable;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.RunRecord;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A user's project for the attack suite: a folder with {@code configs/default.yaml}, scripts written
 * by the test, and the {@code bin/} commands run the way a user runs them (separate processes, no
 * terminal, {@code NO_COLOR=1}), with a state folder of their own so that nothing host-wide leaks
 * between tests.
 *
 * <p>Scripts are bash (they start in milliseconds). Each gets {@link #PRELUDE}: {@code $out_dir},
 * {@code $run} (the run id), {@code note} (appends {@code start|end <out_dir> <pid> <µs>} to the
 * lab's execution log), {@code hold} (waits for the lab's release file, at most a minute) and
 * {@code $LONG}, a sleep length unique to the lab so that the test can find every process a run left,
 * whatever it did to its environment. Everything the lab started is killed when it closes: by the
 * lab's token in the environment, by {@code $LONG} on the command line, and by the run folder
 * liftoff sets.
 */
final class AttackLab implements AutoCloseable {
    static final Path HOME = Path.of("").toAbsolutePath();

    /** What every script starts with. */
    static final String PRELUDE = String.join("\n",
            "#!/usr/bin/env bash",
            "cfg=$1; out_dir=${cfg%/*}; run=${out_dir##*/}",
            "note() { printf '%s %s %s %s\\n' \"$1\" \"$out_dir\" \"$$\" \"${EPOCHREALTIME/[.,]/}\" >> \"$ATTACK_LOG\"; }",
            "hold() { local i=0; while [ ! -e \"$ATTACK_RELEASE\" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; }",
            "");

    final Path root;
    final Path results;
    final Path log;
    final Path release;
    final String token = "attack-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    /** A sleep length no other process has: {@code sleep $LONG} processes are this lab's. */
    final String longSleep = "90." + (100000 + ThreadLocalRandom.current().nextInt(800000));
    final Map<String, String> env = new HashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    record Result(int exitCode, String out, String err, long millis) {
        Result expect(int code) {
            assertEquals(code, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        /** Bad input: exit 2 and one line on stderr. */
        Result rejected() {
            expect(2);
            assertEquals(1, err.strip().lines().count(), () -> "one line on stderr, got:\n" + err);
            return this;
        }

        String all() {
            return out + err;
        }
    }

    AttackLab(Path root) {
        this.root = root.toAbsolutePath();
        this.results = this.root.resolve("results");
        this.log = this.root.resolve("executions.log");
        this.release = this.root.resolve("release");
        TestFiles.write(this.root.resolve("configs/default.yaml"), "x: 1\n");
        env.put("NO_COLOR", "1");
        env.put("LIFTOFF_STATE_DIR", this.root.resolve("state").toString());
        env.put("ATTACK_LOG", log.toString());
        env.put("ATTACK_RELEASE", release.toString());
        env.put("ATTACK_TOKEN", token);
        env.put("LONG", longSleep);
    }

    /** A bash script: {@link #PRELUDE} then {@code body}; executable. */
    Path script(String name, String body) {
        Path file = TestFiles.write(root.resolve(name), PRELUDE + body + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Lets every {@code hold} go on. */
    void release() {
        TestFiles.write(release, "");
    }

    ProcessBuilder builder(String command, List<String> args) {
        List<String> line = new ArrayList<>();
        line.add(HOME.resolve("bin").resolve(command).toString());
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).directory(root.toFile());
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder;
    }

    /** Runs a command to its end (at most {@code seconds}) and returns what it printed. */
    Result run(int seconds, String command, String... args) {
        try {
            Path out = Files.createTempFile(root, "cmd-out", ".txt");
            Path err = Files.createTempFile(root, "cmd-err", ".txt");
            long begin = System.nanoTime();
            Process process = builder(command, List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            started.add(process);
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(command + " " + String.join(" ", args) + " did not end within " + seconds + " s:\n" + read(out) + read(err));
            }
            long millis = (System.nanoTime() - begin) / 1_000_000;
            Result result = new Result(process.exitValue(), read(out), read(err), millis);
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Result run(String command, String... args) {
        return run(120, command, args);
    }

    /** {@code liftoff <script> args...} to its end. */
    Result liftoff(Path script, String... args) {
        List<String> all = new ArrayList<>(List.of(script.toString()));
        all.addAll(List.of(args));
        return run("liftoff", all.toArray(String[]::new));
    }

    /** Starts a command in the background, its output (both streams) going to {@code logName} in the lab. */
    Process start(String logName, String command, String... args) {
        try {
            Process process = builder(command, List.of(args)).redirectErrorStream(true)
                    .redirectOutput(root.resolve(logName).toFile()).start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process launch(String logName, Path script, String... args) {
        List<String> all = new ArrayList<>(List.of(script.toString()));
        all.addAll(List.of(args));
        return start(logName, "liftoff", all.toArray(String[]::new));
    }

    String read(String name) {
        return read(root.resolve(name));
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + seconds + " s waiting for " + what);
            }
            pause(30);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int waitFor(Process process, int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                fail("the process did not end within " + seconds + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a signal by name ({@code KILL}, {@code TERM}...) to a pid. */
    static void kill(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a system command (mount, chmod...) and returns its exit code. */
    static int system(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ---- the experiment and its runs ----

    /** The one experiment folder in the results folder (waits up to 30 s for it). */
    Path experiment() {
        await("an experiment in " + results, 30, () -> experiments().size() == 1);
        return experiments().get(0);
    }

    List<Path> experiments() {
        String[] names = results.toFile().list();
        List<Path> found = new ArrayList<>();
        for (String name : names == null ? new String[0] : names) {
            if (!name.startsWith(".") && Files.isRegularFile(results.resolve(name).resolve(Layout.EXPERIMENT))) {
                found.add(results.resolve(name));
            }
        }
        found.sort(null);
        return found;
    }

    /** Run {@code id} of the first variation: its folder. */
    static Path runDir(Path experiment, int id) {
        return variation(experiment).resolve(Integer.toString(id));
    }

    static Path variation(Path experiment) {
        String[] names = experiment.toFile().list((d, n) -> Layout.variationIndex(n) == 0);
        if (names == null || names.length == 0) {
            fail("no variation in " + experiment);
        }
        return experiment.resolve(names[0]);
    }

    static RunRecord record(Path experiment, int id) {
        return RunRecord.read(variation(experiment).resolve(Layout.RUNS).resolve(Integer.toString(id)));
    }

    static boolean started(Path experiment, int id) {
        RunRecord record = record(experiment, id);
        return record != null && record.start() != null;
    }

    static boolean ended(Path experiment, int id) {
        RunRecord record = record(experiment, id);
        return record != null && record.end() != null;
    }

    /** {@code liftoff-status <experiment> --json --runs}: the experiment's object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> status(Path experiment) {
        Result result = run("liftoff-status", experiment.toString(), "--json", "--runs").expect(0);
        Map<String, Object> wrapped = Json.parseObject("{\"list\": " + result.out() + "}");
        if (wrapped == null) {
            fail("liftoff-status --json printed no JSON:\n" + result.all());
        }
        List<Object> list = (List<Object>) wrapped.get("list");
        assertEquals(1, list.size(), result.out());
        return (Map<String, Object>) list.get(0);
    }

    /** Each run's state as {@code liftoff-status --json} shows it, by run id of the first variation (or by name). */
    @SuppressWarnings("unchecked")
    Map<String, String> states(Path experiment) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Object item : (List<Object>) status(experiment).get("runs")) {
            Map<String, Object> run = (Map<String, Object>) item;
            String name = run.get("run").toString();
            states.put(name.startsWith("0000_") ? name.substring(name.indexOf('/') + 1) : name, run.get("state").toString());
        }
        return states;
    }

    static long count(Map<String, Object> status, String key) {
        return ((Number) status.get(key)).longValue();
    }

    // ---- what the scripts did ----

    /** One line of the execution log. */
    record Note(String what, String outDir, long pid, long micros) {
    }

    List<Note> notes() {
        List<Note> notes = new ArrayList<>();
        for (String line : read(log).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 4) {
                notes.add(new Note(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        }
        return notes;
    }

    /** How many times each run folder's script started. */
    Map<String, Long> starts() {
        return notes().stream().filter(n -> n.what().equals("start"))
                .collect(Collectors.groupingBy(n -> n.outDir().substring(n.outDir().lastIndexOf('/') + 1), Collectors.counting()));
    }

    /**
     * Live processes of this lab's scripts: its token in their environment, or its sleep on their
     * command line (liftoff's own processes left out).
     */
    List<Long> alive() {
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (ProcessTable.Entry entry : ProcessTable.all()) {
            if (entry.pid() == self) {
                continue;
            }
            String[] values = ProcessTable.environmentValues(entry.pid(), "ATTACK_TOKEN");
            if (values != null && token.equals(values[0]) || commandLine(entry.pid()).contains(longSleep)) {
                if (!isLiftoffCommand(entry.pid())) {
                    pids.add(entry.pid());
                }
            }
        }
        return pids;
    }

    /** The live processes of this lab whose command line contains {@code text}. */
    List<Long> alive(String text) {
        return alive().stream().filter(pid -> commandLine(pid).contains(text)).collect(Collectors.toList());
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** liftoff's own processes (the commands the test runs, supervisors and wrappers) are not scripts' processes. */
    private static boolean isLiftoffCommand(long pid) {
        String line = commandLine(pid);
        return line.contains("liftoff.jar") || line.contains(RunWrapper.SUPERVISOR_NAME) || line.contains(HOME.resolve("bin").toString());
    }

    // ---- file systems (root only) ----

    /** Mounts a tmpfs with {@code options} on {@code target}; false (and nothing mounted) when not allowed. */
    boolean mountTmpfs(Path target, String options) {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (system("mount", "-t", "tmpfs", "-o", options, "tmpfs", target.toString()) != 0) {
            return false;
        }
        mounts.add(0, target);
        return true;
    }

    /** Makes {@code folder} read-only in place (a read-only bind mount of itself); false when not allowed. */
    boolean readOnly(Path folder) {
        if (system("mount", "--bind", folder.toString(), folder.toString()) != 0) {
            return false;
        }
        mounts.add(0, folder);
        return system("mount", "-o", "remount,bind,ro", folder.toString(), folder.toString()) == 0;
    }

    void unmount(Path target) {
        if (mounts.remove(target)) {
            for (int i = 0; i < 50 && system("umount", target.toString()) != 0; i++) {
                pause(100);
            }
        }
    }

    @Override
    public void close() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (int round = 0; round < 3; round++) {
            for (long pid : alive()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Lab.killRunsUnder(results);
            Lab.killRunsUnder(root);
        }
        for (Path mount : new ArrayList<>(mounts)) {
            unmount(mount);
        }
    }
}
