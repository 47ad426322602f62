package io.partita.tck.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;

/** Sends through a context injected with a named connection factory (a broker URL). */
@ApplicationScoped
public class OrderSender {
    @Inject
    @JMSConnectionFactory(CdiBroker.URL)
    JMSContext context;

    public void send(String queue, String text) {
        context.createProducer().setProperty("source", "cdi").send(context.createQueue(queue), text);
    }
}
