package io.partita.ra.it.scenario;

import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

import java.net.URL;

/**
 * Scenario 5 of {@link MdbScenarios} as test methods: the shared subscription (beans
 * {@code SharedTicksA} and {@code SharedTicksB} in deployment {@value ServerScenarioTests#APP})
 * and the durable one (an application of its own that the server's class deploys and undeploys
 * through {@link #durableRedeployer()}, answering at {@link #durableApp()}).
 */
public interface SubscriptionTests {
    MdbScenarios scenarios();

    /** Deploys and undeploys the application of {@code DurablePricesListener}. */
    MdbScenarios.Redeployer durableRedeployer();

    /** Where that application answers once deployed. */
    URL durableApp() throws Exception;

    @Test
    default void sharedSubscriptionDividesMessagesBetweenTwoBeans(
            @ArquillianResource @OperateOnDeployment(ServerScenarioTests.APP) URL app) throws Exception {
        scenarios().sharedSubscriptionDividesMessagesBetweenTwoBeans(app);
    }

    @Test
    default void durableSubscriptionMissesNothingAcrossARedeploy() throws Exception {
        scenarios().durableSubscriptionMissesNothingAcrossARedeploy(durableApp(), durableRedeployer());
    }
}
