package io.partita.ra.inbound;

import jakarta.resource.spi.work.Work;

/**
 * A piece of an activation's life (set-up, reconnect) run on the server's {@code WorkManager}.
 * {@link #release()} asks the activation to stop waiting. Thread-safe.
 */
final class ActivationWork implements Work {
    private final Runnable body;
    private final Runnable onRelease;

    ActivationWork(Runnable body, Runnable onRelease) {
        this.body = body;
        this.onRelease = onRelease;
    }

    @Override
    public void run() {
        body.run();
    }

    @Override
    public void release() {
        onRelease.run();
    }
}
