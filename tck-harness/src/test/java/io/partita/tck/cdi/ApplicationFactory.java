package io.partita.tck.cdi;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;

/** The application's own connection factory: what an injection point without {@code @JMSConnectionFactory} uses. */
@ApplicationScoped
public class ApplicationFactory {
    @Produces
    @ApplicationScoped
    ConnectionFactory connectionFactory() {
        return new PartitaConnectionFactory(CdiBroker.URL);
    }
}
