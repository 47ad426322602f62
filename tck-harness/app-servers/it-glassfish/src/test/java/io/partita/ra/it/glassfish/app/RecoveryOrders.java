package io.partita.ra.it.glassfish.app;

import io.partita.ra.it.app.Deliveries;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import jakarta.transaction.TransactionManager;

import javax.naming.InitialContext;

/**
 * Sends a message to queue {@code recovered} with the XA pool {@code java:app/jms/xaCf} in a
 * container transaction that also enlists a {@link HoldingXaResource}, after Partita (so Partita
 * is prepared first and the commit waits at the hold) or before it (so the hold comes before
 * Partita's prepare). GlassFish gives applications its {@code TransactionManager} at
 * {@code java:appserver/TransactionManager}.
 */
@Stateless
public class RecoveryOrders {
    @Resource(lookup = "java:app/jms/xaCf")
    private ConnectionFactory factory;

    @EJB
    private Deliveries deliveries;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void send(String text, String hold, boolean partitaFirst) throws Exception {
        TransactionManager tm = (TransactionManager) new InitialContext().lookup("java:appserver/TransactionManager");
        if (!partitaFirst) {
            tm.getTransaction().enlistResource(new HoldingXaResource(deliveries, hold));
        }
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue("recovered")).send(session.createTextMessage(text));
        }
        if (partitaFirst) {
            tm.getTransaction().enlistResource(new HoldingXaResource(deliveries, hold));
        }
    }
}
