package io.partita.tck.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;

/** Injected with credentials the broker does not know: creating it must fail. */
@Dependent
public class WrongCredentialsBean {
    @Inject
    @JMSConnectionFactory(CdiBroker.URL)
    @JMSPasswordCredential(userName = "nobody", password = "wrong")
    JMSContext context;
}
