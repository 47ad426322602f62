package io.partita.samples.mdb;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * A message-driven bean on the queue the server binds as {@code jms/orders}, delivered by the
 * Partita resource adapter (each server's descriptor binds the bean to it: {@code
 * glassfish-ejb-jar.xml}, {@code jboss-ejb3.xml}, Liberty's {@code jmsActivationSpec}). It records
 * each text message in {@link ReceivedOrders}.
 *
 * <p>Not transacted ({@code NOT_SUPPORTED}): a message is accepted when {@code onMessage} returns
 * and given back to the broker, which delivers it again, when it throws. The broker to use comes
 * from the adapter's {@code brokerURL}; a {@code brokerURL} activation property would override it.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "jms/orders"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderListener implements MessageListener {
    @EJB
    private ReceivedOrders received;

    @Override
    public void onMessage(Message message) {
        try {
            String text = message instanceof TextMessage t ? t.getText() : "(" + message.getClass().getSimpleName() + ")";
            received.add(new ReceivedOrder(text, message.getJMSMessageID(), message.getIntProperty("JMSXDeliveryCount")));
        } catch (JMSException e) {
            // Thrown out of onMessage, the message goes back to the broker and comes again.
            throw new IllegalStateException("could not read " + message, e);
        }
    }
}
