package io.partita.benchmarks.load;

import java.util.Locale;

/**
 * How queue and subscription consumers acknowledge what they receive. Every acknowledgement the
 * workloads count waits until the broker has stored it (Partita: {@code commitSync}; Artemis:
 * CLIENT_ACKNOWLEDGE with {@code blockOnAcknowledge=true} on a journal that syncs
 * non-transactional acknowledgements).
 */
enum AckMode {
    /** One stored acknowledgement per message. */
    EACH,
    /** One stored acknowledgement per {@code --ack-batch} messages (and one for the rest at the end). */
    BATCH;

    /** The command-line spelling: {@code each} or {@code batch}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the mode spelled {@code text}, or null when there is none */
    static AckMode parse(String text) {
        for (AckMode m : values()) {
            if (m.label().equals(text)) {
                return m;
            }
        }
        return null;
    }
}
