package io.partita.tck.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSessionMode;
import jakarta.jms.Message;

/** Receives through a context injected with a named factory and a session mode. */
@ApplicationScoped
public class OrderReceiver {
    @Inject
    @JMSConnectionFactory(CdiBroker.URL)
    @JMSSessionMode(JMSContext.CLIENT_ACKNOWLEDGE)
    JMSContext context;

    /** The next message of {@code queue} within the wait, acknowledged; null if none came. */
    public Message receive(String queue, long waitMs) throws JMSException {
        Message m = context.createConsumer(context.createQueue(queue)).receive(waitMs);
        if (m != null) {
            m.acknowledge();
        }
        return m;
    }

    public int sessionMode() {
        return context.getSessionMode();
    }
}
