package io.partita.tck.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.jms.cdi.PartitaJMSContextProducer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 12 (use of JMS API in Jakarta EE, the injectable JMSContext) in Java SE: Arquillian deploys a bean
 * archive into embedded Weld 5 with {@link PartitaJMSContextProducer}, and its beans send and receive
 * through injected contexts on an in-process ({@code vm://}) broker.
 */
@ExtendWith(ArquillianExtension.class)
class CdiJMSContextTest {

    @Deployment
    static JavaArchive deployment() {
        return ShrinkWrap.create(JavaArchive.class, "cdi-jms.jar")
                .addClasses(PartitaJMSContextProducer.class, CdiBroker.class, OrderSender.class, OrderReceiver.class,
                        ApplicationFactory.class, DefaultContextBean.class, WrongCredentialsBean.class)
                .addAsManifestResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"4.0\" bean-discovery-mode=\"all\"/>"), "beans.xml");
    }

    @Inject
    OrderSender sender;
    @Inject
    OrderReceiver receiver;
    @Inject
    Instance<DefaultContextBean> defaultBeans;
    @Inject
    Instance<WrongCredentialsBean> wrongCredentials;

    private static String queue() {
        return "cdi-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void injectedContextsSendAndReceiveWithTheirFactoryAndSessionMode() throws Exception {
        String q = queue();
        sender.send(q, "order 1");
        Message m = receiver.receive(q, 10_000);
        assertNotNull(m, "the message sent through one injected context reaches the other");
        assertEquals("order 1", ((TextMessage) m).getText());
        assertEquals("cdi", m.getStringProperty("source"));
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, receiver.sessionMode());
    }

    @Test
    void withoutAnnotationsTheApplicationsConnectionFactoryIsUsed() throws Exception {
        String q = queue();
        DefaultContextBean bean = defaultBeans.get();
        try {
            assertEquals(JMSContext.AUTO_ACKNOWLEDGE, bean.context().getSessionMode());
            bean.context().createProducer().send(bean.context().createQueue(q), "from the default factory");
            assertEquals("from the default factory", ((TextMessage) receiver.receive(q, 10_000)).getText());
        } finally {
            defaultBeans.destroy(bean);
        }
    }

    @Test
    void eachInjectionPointHasItsOwnContextClosedWithItsBean() {
        DefaultContextBean a = defaultBeans.get();
        DefaultContextBean b = defaultBeans.get();
        JMSContext context = a.context();
        assertNotSame(context, b.context());
        defaultBeans.destroy(a);
        assertThrows(jakarta.jms.IllegalStateRuntimeException.class, context::createProducer,
                "the context of a destroyed bean is closed");
        b.context().createProducer();   // the other is still open
        defaultBeans.destroy(b);
    }

    @Test
    void credentialsOfTheInjectionPointGoToTheBroker() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> wrongCredentials.get());
        Throwable t = e;
        while (t != null && !(t instanceof JMSSecurityRuntimeException)) {
            t = t.getCause();
        }
        assertTrue(t instanceof JMSSecurityRuntimeException, "refused by the broker: " + e);
    }
}
