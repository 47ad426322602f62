package io.partita.ra.it.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Eight sessions on queue {@code parallel}: each delivery waits at gate {@code parallel} until
 * eight distinct bean instances are inside at once, which proves eight concurrent endpoints.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "parallel"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ParallelListener implements MessageListener {
    @EJB
    private Deliveries deliveries;

    @Override
    public void onMessage(Message message) {
        String me = "bean@" + System.identityHashCode(this);
        deliveries.enterGate("parallel", 8, me);
        try {
            deliveries.record("ParallelListener", message, this);
        } finally {
            deliveries.leaveGate("parallel", me);
        }
    }
}
