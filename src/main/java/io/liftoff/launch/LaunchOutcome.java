package io.liftoff.launch;

import java.util.List;

/**
 * What a launch did: runs started, how many succeeded and failed, why it stopped launching early
 * (null when it ran out of runs), how many it left pending, the runs it could not start (a full disk, a
 * folder it could not write) and the runs whose end it could not record (they are neither done nor
 * failed: status calls them lost); either makes the launcher end with the environment's exit code.
 */
public record LaunchOutcome(int launched, int succeeded, int failed, String stoppedBecause, int notStarted,
        boolean detached, List<String> unstartable, List<String> unrecorded) {
}
