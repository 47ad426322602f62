package io.partita.ra.it.scenario;

import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.net.URL;

/**
 * Scenarios 1, 2 and 4 of {@link MdbScenarios} as test methods, for a server's test class that
 * deploys the beans {@code OrdersListener}, {@code ParallelListener} and {@code PoisonListener}
 * with the servlets in deployment {@value ServerScenarioTests#APP}.
 */
public interface DeliveryTests {
    MdbScenarios scenarios();

    @Test
    default void beanReceivesWhatTheServletSent(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        scenarios().beanReceivesWhatTheServletSent(app);
    }

    @Test
    default void eightSessionsDeliverAThousandMessagesInParallelEachOnce(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        scenarios().eightSessionsDeliverAThousandMessagesInParallelEachOnce(app);
    }

    @Test
    default void failingMessageIsRedeliveredThenDeadLettered(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        scenarios().failingMessageIsRedeliveredThenDeadLettered(app);
    }
}
