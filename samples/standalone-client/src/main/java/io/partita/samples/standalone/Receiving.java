package io.partita.samples.standalone;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.TextMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Receiving a known number of text messages within a deadline. Stateless. */
final class Receiving {
    private Receiving() {
    }

    /**
     * Receives until {@code count} text messages arrived or {@code timeout} passed since the call,
     * and returns their bodies in the order received (fewer than {@code count} on timeout).
     */
    static List<String> texts(MessageConsumer consumer, int count, Duration timeout) throws JMSException {
        List<String> texts = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (texts.size() < count) {
            long leftMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (leftMs <= 0) {
                break;
            }
            Message message = consumer.receive(leftMs);
            if (message == null) {
                break;
            }
            texts.add(((TextMessage) message).getText());
        }
        return texts;
    }
}
