package io.liftoff.slurm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The refresher's turn at the view of Slurm a host shares ({@link SlurmView}): this JVM's lock, so its
 * threads take turns, and a file lock in the state folder, so processes do. Closing it gives the turn back.
 */
final class RefreshLock implements AutoCloseable {
    private static final ReentrantLock REFRESHING = new ReentrantLock();
    private final FileChannel channel;

    private RefreshLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * The turn, waiting for it with {@code wait}; null when another holds it and we did not wait. Without
     * a lock to be had (a state folder that cannot be written), the turn is this JVM's alone: unshared.
     */
    static RefreshLock hold(Path lockFile, boolean wait) {
        if (wait) {
            REFRESHING.lock();
        } else if (!REFRESHING.tryLock()) {
            return null;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = wait ? channel.lock() : channel.tryLock();
            if (lock == null) {
                channel.close();
                REFRESHING.unlock();
                return null;
            }
            return new RefreshLock(channel);
        } catch (IOException | RuntimeException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing releases nothing we hold
            }
            return new RefreshLock(null);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing the channel releases its lock either way
        } finally {
            REFRESHING.unlock();
        }
    }
}
