package io.partita.samples.mdb.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process this test started, with its descendants: SIGTERM to each, and SIGKILL to those
 * still running after a grace period. Stateless.
 */
final class Processes {
    private Processes() {
    }

    /**
     * Asks {@code process} and each of its descendants to stop (all of them, so a launcher script
     * does not leave its JVM behind), waits up to {@code grace} for all to end, then kills the rest
     * and waits for them too.
     *
     * @throws IllegalStateException when a process survives SIGKILL for a minute
     */
    static void stop(ProcessHandle process, Duration grace) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(1, TimeUnit.MINUTES);
            } catch (TimeoutException | ExecutionException e) {
                throw new IllegalStateException("process " + p.pid() + " still runs a minute after SIGKILL", e);
            }
        }
    }
}
