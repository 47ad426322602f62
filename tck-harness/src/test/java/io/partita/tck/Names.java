package io.partita.tck;

import java.util.concurrent.atomic.AtomicInteger;

/** Destination and subscription names unique within a run, so tests never see each other's messages. */
final class Names {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() & 0xffffff, 36);

    private Names() {
    }

    static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }
}
