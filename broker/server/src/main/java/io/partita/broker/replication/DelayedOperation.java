package io.partita.broker.replication;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request waiting for a condition on one or more partitions (data to fetch, a high watermark
 * to reach), with a deadline. It lives in a {@link DelayedOperations} registry, which calls
 * {@link #tryComplete()} whenever something changes on a partition it watches and
 * {@link #onExpiration()} when the deadline passes.
 *
 * <p>Exactly one thread completes an operation: {@link #forceComplete()} decides it atomically
 * and runs {@link #onComplete()} on the calling thread. Subclasses implement
 * {@link #tryComplete()} as "if the condition holds, return forceComplete(); else false".
 */
public abstract class DelayedOperation {
    private final AtomicBoolean completed = new AtomicBoolean();
    private final long timeoutMs;
    private volatile ScheduledFuture<?> expiry;
    private volatile Runnable onDone;

    protected DelayedOperation(long timeoutMs) {
        this.timeoutMs = Math.max(0, timeoutMs);
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** Completes the operation if its condition holds; returns whether it is now complete. */
    protected abstract boolean tryComplete();

    /** Runs once, on the thread that completed the operation, whether by condition or by deadline. */
    protected abstract void onComplete();

    /** Runs before {@link #onComplete()} when the deadline completed the operation. */
    protected void onExpiration() {
    }

    /**
     * Completes the operation unless it is complete already.
     *
     * @return true when this call completed it
     */
    public final boolean forceComplete() {
        return complete(false);
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    /** Called by the registry's timer at the deadline. */
    final void expire() {
        complete(true);
    }

    private boolean complete(boolean expired) {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> e = expiry;
        if (e != null && !expired) {
            e.cancel(false);
        }
        try {
            if (expired) {
                onExpiration();
            }
            onComplete();
        } finally {
            Runnable done = onDone;
            if (done != null) {
                done.run();
            }
        }
        return true;
    }

    final void armed(ScheduledFuture<?> expiry, Runnable onDone) {
        this.onDone = onDone;
        this.expiry = expiry;
        if (completed.get() && expiry != null) {
            expiry.cancel(false);
        }
    }
}
