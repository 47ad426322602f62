package io.partita.samples.standalone;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends orders for two regions to a queue; a consumer with the selector {@code region = 'eu'}
 * receives only the European ones, which leaves the others in the queue for a second consumer.
 * Classic API ({@link Connection}, {@link Session}). Stateless.
 */
public final class ReceiveWithSelector implements Step {
    @Override
    public String name() {
        return "selector";
    }

    @Override
    public String title() {
        return "receive with the selector region = 'eu'; the others stay in the queue";
    }

    @Override
    public StepResult run(SampleEnvironment env) throws JMSException {
        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();
        try (Connection connection = env.factory().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(env.orders());
            for (int i = 1; i <= 4; i++) {
                String region = i % 2 == 1 ? "eu" : "us";
                TextMessage message = session.createTextMessage(region + "-order-" + i);
                message.setStringProperty("region", region);
                message.setStringProperty(SampleEnvironment.RUN_PROPERTY, env.runId());
                producer.send(message);
                sent.add(message.getText());
            }
            try (MessageConsumer europe = session.createConsumer(env.orders(),
                    "region = 'eu' AND " + env.runSelector())) {
                Receiving.texts(europe, 2, env.receiveTimeout()).forEach(t -> received.add("selected " + t));
            }
            try (MessageConsumer rest = session.createConsumer(env.orders(), env.runSelector())) {
                Receiving.texts(rest, 2, env.receiveTimeout()).forEach(t -> received.add("left " + t));
            }
        }
        List<String> expected = List.of("selected eu-order-1", "selected eu-order-3", "left us-order-2",
                "left us-order-4");
        return new StepResult(title(), sent, expected, received);
    }
}
