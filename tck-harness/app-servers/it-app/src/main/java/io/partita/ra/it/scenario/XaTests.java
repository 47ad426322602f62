package io.partita.ra.it.scenario;

import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.net.URL;

/**
 * Scenario 3 of {@link XaScenarios} as test methods, for a server's test class whose deployment
 * {@value ServerScenarioTests#APP} has {@code XaOrders} and {@code XaServlet} with an XA connection
 * factory and a transactional data source behind {@code jms/xaCf} and {@code jdbc/orders}, and the
 * container-managed bean {@code TransactedListener}.
 */
public interface XaTests {
    XaScenarios xaScenarios();

    @Test
    default void xaCommitKeepsMessageAndRow(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        xaScenarios().commitKeepsMessageAndRow(app);
    }

    @Test
    default void xaRollbackLeavesNeitherMessageNorRow(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        xaScenarios().rollbackLeavesNeitherMessageNorRow(app);
    }

    @Test
    default void xaEnlistedSendIsInvisibleToCommittedReadersUntilCommit(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        xaScenarios().enlistedSendIsInvisibleUntilCommit(app);
    }

    @Test
    default void xaTransactedBeanCommitsOrRollsBackTheReceiveWithItsWork(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        xaScenarios().transactedBeanCommitsOrRollsBackTheReceiveWithItsWork(app);
    }
}
