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
 * A durable topic subscription keeps what is published while its subscriber is away: the
 * subscriber (client id {@value #CLIENT_ID}, subscription {@value #SUBSCRIPTION}) receives one
 * price and disconnects; three more are published meanwhile from another connection; the
 * subscriber reconnects with the same client id and subscription name and receives all three.
 * The step ends by removing the subscription ({@code Session.unsubscribe}). Stateless.
 */
public final class DurableSubscription implements Step {
    static final String CLIENT_ID = "partita-sample";
    static final String SUBSCRIPTION = "sample-prices";

    @Override
    public String name() {
        return "durable";
    }

    @Override
    public String title() {
        return "durable subscription: disconnect, messages published meanwhile, reconnect, all received";
    }

    @Override
    public StepResult run(SampleEnvironment env) throws JMSException {
        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();
        // Subscribe, receive one price, disconnect.
        try (Connection subscriber = env.factory().createConnection()) {
            subscriber.setClientID(CLIENT_ID);
            subscriber.start();
            Session session = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(env.prices(), SUBSCRIPTION, env.runSelector(),
                    false);
            publish(session, env, "price-1", sent);
            received.addAll(Receiving.texts(consumer, 1, env.receiveTimeout()));
        }
        // Published while nobody is connected to the subscription.
        try (Connection publisher = env.factory().createConnection()) {
            Session session = publisher.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String text : List.of("price-2", "price-3", "price-4")) {
                publish(session, env, text, sent);
            }
        }
        // Reconnect with the same client id, subscription name and selector: the subscription kept them.
        try (Connection subscriber = env.factory().createConnection()) {
            subscriber.setClientID(CLIENT_ID);
            subscriber.start();
            Session session = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createDurableConsumer(env.prices(), SUBSCRIPTION,
                    env.runSelector(), false)) {
                received.addAll(Receiving.texts(consumer, 3, env.receiveTimeout()));
            }
            session.unsubscribe(SUBSCRIPTION);
        }
        return new StepResult(title(), sent, sent, received);
    }

    private static void publish(Session session, SampleEnvironment env, String text, List<String> sent)
            throws JMSException {
        try (MessageProducer producer = session.createProducer(env.prices())) {
            TextMessage message = session.createTextMessage(text);
            message.setStringProperty(SampleEnvironment.RUN_PROPERTY, env.runId());
            producer.send(message);
        }
        sent.add(text);
    }
}
