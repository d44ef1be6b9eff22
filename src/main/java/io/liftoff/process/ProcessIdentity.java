package io.liftoff.process;

/**
 * A process as liftoff records it: pid, start time (clock ticks after boot, from /proc; -1 when
 * unknown) and host. A pid alone is never trusted: once its process ends the pid can be reused.
 */
public record ProcessIdentity(long pid, long startTicks, String host) {
    public boolean isLocal() {
        return Host.name().equals(host);
    }
}
