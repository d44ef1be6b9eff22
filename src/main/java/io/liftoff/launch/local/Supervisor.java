package io.liftoff.launch.local;

import io.liftoff.LiftoffException;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.RunProtocol;
import io.liftoff.launch.RunWrapper;
import io.liftoff.launch.ScriptCommand;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.liftoff.store.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * The session's supervisor process (see {@link RunWrapper}): started once, in a process session of
 * its own, it starts each run it is handed with a fork of itself and records the run's end, also
 * after the launcher died. Runs are handed over as lines on its standard input; what happened comes
 * back on its standard output as events.
 */
final class Supervisor implements AutoCloseable {
    /**
     * What the supervisor reports of run {@code id}: it started (value: its wrapper's pid), it ended
     * (value: its exit code), it ended but its end could not be recorded (value: its exit code), or it
     * did not start ({@code detail}: {@link RunProtocol#NO_OUTPUT}, {@link RunProtocol#NO_RECORD} or {@link RunProtocol#ABORTED}).
     */
    record Event(Kind kind, int id, long value, String detail) {
        /** WOKEN is not the supervisor's: something else (a metrics file written) asks the launcher's loop to look. */
        enum Kind { STARTED, ENDED, UNRECORDED, FAILED, GONE, WOKEN }

        boolean started() {
            return kind == Kind.STARTED;
        }
    }

    /** How runs are started: constant for a session. */
    record Settings(Path experiment, String sessionId, String stdin, Double timeoutSeconds, double graceSeconds,
            boolean keepLeftovers, List<String> command, Path workingDirectory, Map<String, String> environment) {

        /** A session's settings; a {@code single} attached run reads the launcher's standard input. */
        static Settings of(Experiment experiment, String sessionId, LaunchPlan plan, boolean single) {
            Map<String, String> env = RunProtocol.environment(sessionId, experiment.dir(), plan.pythonPath());
            return new Settings(experiment.dir(), sessionId, single ? standardInput() : "/dev/null", plan.timeoutSeconds(),
                    plan.graceSeconds(), plan.keepLeftovers(), plan.script().command(), plan.workingDirectory(), env);
        }

        /** The launcher's own standard input, as a file a run can open: a terminal, a pipe or a file (not a socket). */
        private static String standardInput() {
            Path stdin = Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/0");
            try {
                new java.io.FileInputStream(stdin.toFile()).close();
                return stdin.toString();
            } catch (IOException e) {
                return "/dev/null";
            }
        }
    }

    private final Process process;
    private final OutputStream requests;
    private final ProcessIdentity identity;

    private Supervisor(Process process, ProcessIdentity identity) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.identity = identity;
    }

    /** Starts a supervisor whose events go to {@code events} (an end of stream is an {@code E -1} event). */
    static Supervisor start(Settings settings, BlockingQueue<Event> events) {
        List<String> command = new ArrayList<>();
        Path setsid = ScriptCommand.onPath("setsid");
        if (setsid != null) {
            command.add(setsid.toString());
        }
        Path bash = ScriptCommand.onPath("bash");
        command.add(bash != null ? bash.toString() : "/bin/bash");
        command.add("-c");
        command.add(RunWrapper.SUPERVISOR);
        command.add(RunWrapper.SUPERVISOR_NAME);
        command.add(settings.experiment().toString());
        command.add(settings.sessionId());
        command.add(settings.stdin());
        command.add(settings.timeoutSeconds() == null ? "" : seconds(settings.timeoutSeconds()));
        command.add(seconds(settings.graceSeconds()));
        command.add(settings.keepLeftovers() ? RunProtocol.KEEP_LEFTOVERS : RunProtocol.STOP_LEFTOVERS);
        command.addAll(settings.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.workingDirectory().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        // A non-interactive bash would source $BASH_ENV before anything else: a user's file, not ours.
        env.remove("BASH_ENV");
        env.remove(RunProtocol.RUN_DIR);
        env.putAll(settings.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw LiftoffException.environment("cannot start bash to run the experiment's runs: " + e.getMessage(), e);
        }
        // With setsid the supervisor is setsid's child until setsid execs it: the pid is the same.
        ProcessIdentity identity = ProcessTable.identify(process.pid()).orElse(new ProcessIdentity(process.pid(), -1,
                io.liftoff.process.Host.name()));
        Thread reader = new Thread(() -> readEvents(process, events), "liftoff-supervisor-events");
        reader.setDaemon(true);
        reader.start();
        return new Supervisor(process, identity);
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private static void readEvents(Process process, BlockingQueue<Event> events) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Event event = parse(line);
                if (event != null) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            // the stream ends with the supervisor and its wrappers
        }
        events.add(new Event(Event.Kind.ENDED, -1, -1, null));
    }

    /** One line of the supervisor's output ({@code S|E|U <id> <number>} or {@code F <id> <what>}); null when not one of ours. */
    static Event parse(String line) {
        String[] parts = line.split(" ");
        if (parts.length != 3) {
            return null;
        }
        try {
            int id = Integer.parseInt(parts[1]);
            switch (parts[0]) {
                case RunProtocol.STARTED:
                    return new Event(Event.Kind.STARTED, id, Long.parseLong(parts[2]), null);
                case RunProtocol.ENDED:
                    return new Event(Event.Kind.ENDED, id, Long.parseLong(parts[2]), null);
                case RunProtocol.UNRECORDED:
                    return new Event(Event.Kind.UNRECORDED, id, Long.parseLong(parts[2]), null);
                case RunProtocol.GONE:
                    return new Event(Event.Kind.GONE, id, Long.parseLong(parts[2]), null);
                case RunProtocol.FAILED:
                    return new Event(Event.Kind.FAILED, id, -1, parts[2]);
                default:
                    return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    ProcessIdentity identity() {
        return identity;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Hands a run over: {@code variation/run} of the experiment, on {@code gpu} (or none), with
     * {@code endBy} seconds left (or none). False when the supervisor is gone.
     */
    boolean start(int id, String variation, String run, String gpu, Long endBy, int attempt) {
        String line = RunProtocol.handOver(id, variation, run, gpu, endBy, attempt) + "\n";
        try {
            requests.write(line.getBytes(StandardCharsets.UTF_8));
            requests.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** No more runs: the supervisor exits once the runs it started have ended. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // it has gone already
        }
    }

}
