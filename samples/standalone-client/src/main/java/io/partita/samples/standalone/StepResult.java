package io.partita.samples.standalone;

import java.util.List;

/**
 * What a {@link Step} sent and received, and what it should have received. {@link #ok()} compares
 * the received messages with the expected ones regardless of order: a queue or topic may have
 * several partitions, and order is kept within a partition only. Immutable.
 *
 * @param title    the step's title
 * @param sent     the bodies sent, in the order sent
 * @param expected the bodies (or descriptions, such as {@code "reply to quote-1"}) the step should receive
 * @param received what it received, in the order received
 */
public record StepResult(String title, List<String> sent, List<String> expected, List<String> received) {
    public StepResult {
        sent = List.copyOf(sent);
        expected = List.copyOf(expected);
        received = List.copyOf(received);
    }

    /** True when exactly the expected messages arrived, each once. */
    public boolean ok() {
        return expected.stream().sorted().toList().equals(received.stream().sorted().toList());
    }
}
