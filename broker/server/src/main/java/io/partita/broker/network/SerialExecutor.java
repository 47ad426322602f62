package io.partita.broker.network;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs the tasks given to it one at a time, in submission order, on a shared pool. Each
 * connection has one, so the handlers of its pipelined requests start in request order (two
 * produces on one connection are appended in the order they were sent) while different
 * connections run in parallel. A handler that waits asynchronously (a long poll, an acks=all
 * produce) returns at once and does not hold up the next request.
 *
 * <p>Thread-safe.
 */
final class SerialExecutor implements Executor {
    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.addLast(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (this) {
                tasks.remove(task);
                running = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.pollFirst();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
