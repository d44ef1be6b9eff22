package io.liftoff.launch.local;

import io.liftoff.store.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows attached runs' output on the terminal by following their {@code out} and {@code err} files,
 * which the runs write themselves: a launcher that dies (even by kill -9) loses no output and kills
 * no run with SIGPIPE, and a background child that keeps the run's output open cannot make the
 * launcher wait. Each file is held open from the moment the run is handed over, so a script that
 * wipes its folder still shows what it prints afterwards. One run's output passes through as it comes (progress bars that redraw with
 * {@code \r} work); several runs' output is shown a line at a time behind each run's name, where a
 * {@code \r} starts the line anew. Each byte is handled once, so the cost is linear in the output.
 */
final class AttachedOutput implements AutoCloseable {
    private static final long POLL_MILLIS = 50;
    /** A line longer than this is shown in pieces, so memory stays bounded whatever a run prints. */
    private static final int MAX_LINE = 64 * 1024;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean prefixed;
    private final Map<Run, Stream[]> followed = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    AttachedOutput(PrintWriter out, PrintWriter err, boolean prefixed) {
        this.out = out;
        this.err = err;
        this.prefixed = prefixed;
        this.thread = new Thread(this::follow, "liftoff-attached-output");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void follow(Run run) {
        String prefix = prefixed ? "[" + run.name() + "] " : "";
        followed.put(run, new Stream[] {new Stream(run.out(), out, prefix), new Stream(run.err(), err, prefix)});
    }

    /** Shows what is left of a run that ended, and stops following it. */
    synchronized void finish(Run run) {
        Stream[] streams = followed.remove(run);
        if (streams != null) {
            for (Stream stream : streams) {
                stream.drain(true);
            }
        }
    }

    private void follow() {
        while (!closed) {
            synchronized (this) {
                for (Stream[] streams : followed.values()) {
                    for (Stream stream : streams) {
                        stream.drain(false);
                    }
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Run run : new ArrayList<>(followed.keySet())) {
            finish(run);
        }
        thread.interrupt();
    }

    /** One file followed from where it was when the run started. */
    private final class Stream {
        private final Path file;
        private RandomAccessFile in;
        private final PrintWriter terminal;
        private final String prefix;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
        private final StringBuilder line = new StringBuilder();
        private long offset;

        Stream(Path file, PrintWriter terminal, String prefix) {
            this.file = file;
            this.terminal = terminal;
            this.prefix = prefix;
            open();
        }

        private void open() {
            try {
                in = new RandomAccessFile(file.toFile(), "r");
                offset = in.length();
            } catch (IOException e) {
                // not there yet: looked for again at the next drain
            }
        }

        void drain(boolean atEnd) {
            if (in == null) {
                open();
                offset = 0;
            }
            try {
                if (in != null) {
                    if (in.length() < offset) {
                        offset = 0;
                    }
                    in.seek(offset);
                    int read;
                    while ((read = in.read(bytes.array(), bytes.position(), bytes.remaining())) > 0) {
                        offset += read;
                        bytes.position(bytes.position() + read);
                        decode(false);
                    }
                }
            } catch (IOException e) {
                // a file that cannot be read any more has nothing more to show
            }
            if (atEnd) {
                try {
                    if (in != null) {
                        in.close();
                    }
                } catch (IOException e) {
                    // read-only: nothing to lose
                }
                decode(true);
                if (line.length() > 0) {
                    emit(line.toString());
                    line.setLength(0);
                }
                terminal.flush();
            }
        }

        private void decode(boolean endOfInput) {
            bytes.flip();
            decoder.decode(bytes, chars, endOfInput);
            bytes.compact();
            chars.flip();
            if (prefix.isEmpty()) {
                synchronized (terminal) {
                    terminal.append(chars);
                    terminal.flush();
                }
            } else {
                while (chars.hasRemaining()) {
                    char c = chars.get();
                    if (c == '\n') {
                        emit(line.toString());
                        line.setLength(0);
                    } else if (c == '\r') {
                        line.setLength(0);
                    } else {
                        line.append(c);
                        if (line.length() >= MAX_LINE) {
                            emit(line.toString());
                            line.setLength(0);
                        }
                    }
                }
            }
            chars.clear();
        }

        private void emit(String text) {
            synchronized (terminal) {
                terminal.println(prefix + text);
                terminal.flush();
            }
        }
    }
}
