package io.partita.tck.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;

/** A dependent bean with a plain {@code @Inject JMSContext}: the application's factory, AUTO_ACKNOWLEDGE. */
@Dependent
public class DefaultContextBean {
    @Inject
    JMSContext context;

    public JMSContext context() {
        return context;
    }
}
