package io.partita.ra.it.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/** Records every delivery from queue {@code poison}, then fails for texts beginning with {@code poison}. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "poison"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PoisonListener implements MessageListener {
    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(Message message) {
        deliveries.record("PoisonListener", message, this);
        String text;
        try {
            text = ((TextMessage) message).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        if (text.startsWith("poison")) {
            throw new IllegalStateException("refusing " + text);
        }
    }
}
