package io.partita.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A container-managed ({@code REQUIRED}) bean on queue {@code tx-in}: in the delivery's
 * transaction it records the message, sends {@code reply-<text>} to queue {@code tx-out} with the
 * XA factory {@code jms/xaCf}, and throws for texts beginning with {@code fail}, so the server
 * rolls back the receive and the reply together.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "tx-in"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")})
public class TransactedListener implements MessageListener {
    @EJB
    private Deliveries deliveries;

    @Resource(name = "jms/xaCf")
    private ConnectionFactory factory;

    @Override
    public void onMessage(Message message) {
        deliveries.record("TransactedListener", message, this);
        try (Connection connection = factory.createConnection()) {
            String text = ((TextMessage) message).getText();
            Session session = connection.createSession();
            session.createProducer(session.createQueue("tx-out")).send(session.createTextMessage("reply-" + text));
            if (text.startsWith("fail")) {
                throw new IllegalStateException("refusing " + text);
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
