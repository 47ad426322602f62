package io.partita.ra.it.scenario;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simplified API through the adapter ({@code ConnectionFactory.createContext}) as test methods,
 * for a server's test class whose deployment {@value ServerScenarioTests#APP} has
 * {@code ContextOrders} and {@code ContextServlet} with an XA connection factory behind
 * {@code jms/xaCf}: a context's send is committed or rolled back with the container's
 * transaction, and the methods a container forbids throw what the specification names.
 */
public interface ContextTests {
    MdbScenarios scenarios();

    /**
     * The bean sends with {@code createContext()} and throws: the send reached the log but no
     * committed-only reader ever gets it; sent again without a failure, a JMS consumer receives it,
     * and it is the first message of the queue any consumer gets.
     */
    @Test
    default void contextSendFollowsTheContainerTransaction(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        MdbScenarios base = scenarios();
        String queue = "ctx-orders-" + UUID.randomUUID();
        assertEquals("rolled back ctx-rollback",
                base.get(app, "context?queue=" + queue + "&text=ctx-rollback&fail=true"));
        new TopicLog(base.brokerPort(), queue).readTexts(false, l -> l.contains("ctx-rollback"));
        assertEquals("committed ctx-commit", base.get(app, "context?queue=" + queue + "&text=ctx-commit"));
        List<String> committed = new TopicLog(base.brokerPort(), queue).readTexts(true, l -> l.contains("ctx-commit"));
        assertEquals(List.of("ctx-commit"), committed);
        try (JMSContext context = new PartitaConnectionFactory(base.brokerUrl()).createContext()) {
            JMSConsumer consumer = context.createConsumer(context.createQueue(queue));
            assertEquals("ctx-commit", consumer.receiveBody(String.class, 60_000));
        }
    }

    /**
     * Inside a transaction the session mode asked for is ignored (the context is transacted) and
     * the forbidden methods throw {@code IllegalStateRuntimeException}, or {@code JMSRuntimeException}
     * for {@code createContext}; outside one, {@code CLIENT_ACKNOWLEDGE} and
     * {@code SESSION_TRANSACTED} are refused and {@code DUPS_OK_ACKNOWLEDGE} is allowed.
     */
    @Test
    default void contextMethodsAContainerForbidsAreRefused(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        String body = scenarios().get(app, "context?refused&queue=ctx-rules");
        for (String line : List.of("transacted=true", "setClientID=IllegalStateRuntimeException",
                "setExceptionListener=IllegalStateRuntimeException", "stop=IllegalStateRuntimeException",
                "createContext=JMSRuntimeException", "commit=IllegalStateRuntimeException",
                "rollback=IllegalStateRuntimeException", "recover=IllegalStateRuntimeException",
                "acknowledge=IllegalStateRuntimeException", "setMessageListener=IllegalStateRuntimeException",
                "setAsync=IllegalStateRuntimeException", "clientAcknowledge=JMSRuntimeException",
                "sessionTransacted=JMSRuntimeException", "dupsOk=allowed")) {
            assertTrue(body.lines().anyMatch(line::equals), () -> "expected " + line + " in:\n" + body);
        }
    }
}
