package io.liftoff.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Copies an attached run's output stream to its file byte for byte and to the terminal: as it comes
 * when there is one run (so progress bars that redraw with {@code \r} work), or a line at a time
 * behind the run's name when several runs share the terminal.
 */
final class OutputPump implements Runnable {
    private final InputStream in;
    private final OutputStream file;
    private final PrintWriter terminal;
    private final String prefix;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private byte[] pending = new byte[0];

    OutputPump(InputStream in, OutputStream file, PrintWriter terminal, String prefix) {
        this.in = in;
        this.file = file;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    static CompletableFuture<Void> start(InputStream in, OutputStream file, PrintWriter terminal, String prefix, String name) {
        OutputPump pump = new OutputPump(in, file, terminal, prefix);
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
        return pump.finished;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in; file) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                file.write(buffer, 0, read);
                file.flush();
                show(buffer, read, false);
            }
            show(buffer, 0, true);
        } catch (IOException e) {
            // the run's end closes the stream; what was read is saved
        } finally {
            finished.complete(null);
        }
    }

    private void show(byte[] buffer, int length, boolean atEnd) {
        byte[] data = new byte[pending.length + length];
        System.arraycopy(pending, 0, data, 0, pending.length);
        System.arraycopy(buffer, 0, data, pending.length, length);
        int upto = atEnd ? data.length : prefix.isEmpty() ? completeUtf8(data) : lastNewline(data) + 1;
        if (upto > 0) {
            String text = new String(data, 0, upto, StandardCharsets.UTF_8);
            synchronized (terminal) {
                if (prefix.isEmpty()) {
                    terminal.print(text);
                } else {
                    for (String line : text.split("\n", -1)) {
                        if (!line.isEmpty()) {
                            terminal.println(prefix + line);
                        }
                    }
                }
                terminal.flush();
            }
        }
        pending = java.util.Arrays.copyOfRange(data, upto, data.length);
    }

    private static int lastNewline(byte[] data) {
        for (int i = data.length - 1; i >= 0; i--) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The length of the longest prefix that does not end inside a UTF-8 sequence. */
    private static int completeUtf8(byte[] data) {
        for (int back = 1; back <= Math.min(3, data.length); back++) {
            int b = data[data.length - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue;
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? data.length - back : data.length;
        }
        return data.length;
    }
}
