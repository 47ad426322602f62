package io.partita.samples.standalone;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends three orders to a queue and receives them, with the simplified API ({@link JMSContext}).
 * Stateless.
 */
public final class SendAndReceive implements Step {
    @Override
    public String name() {
        return "send";
    }

    @Override
    public String title() {
        return "send three messages to a queue and receive them (JMSContext)";
    }

    @Override
    public StepResult run(SampleEnvironment env) {
        List<String> sent = List.of("order-1", "order-2", "order-3");
        List<String> received = new ArrayList<>();
        try (JMSContext context = env.factory().createContext()) {
            JMSProducer producer = context.createProducer().setProperty(SampleEnvironment.RUN_PROPERTY, env.runId());
            for (String text : sent) {
                producer.send(env.orders(), text);
            }
            try (JMSConsumer consumer = context.createConsumer(env.orders(), env.runSelector())) {
                long deadline = System.nanoTime() + env.receiveTimeout().toNanos();
                while (received.size() < sent.size()) {
                    long leftMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                    String text = leftMs > 0 ? consumer.receiveBody(String.class, leftMs) : null;
                    if (text == null) {
                        break;
                    }
                    received.add(text);
                }
            }
        }
        return new StepResult(title(), sent, sent, received);
    }
}
