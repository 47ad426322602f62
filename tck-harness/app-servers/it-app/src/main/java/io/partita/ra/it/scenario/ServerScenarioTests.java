package io.partita.ra.it.scenario;

import org.junit.jupiter.api.AfterAll;

/**
 * The base of every server's scenario test class: the broker the class's deployments point at
 * ({@link MdbScenarios}, started on first use, when Arquillian builds the deployments) and its
 * {@link XaScenarios}, stopped after the class. The scenarios themselves come as interfaces with
 * default test methods ({@link DeliveryTests}, {@link SubscriptionTests}, {@link XaTests}), so a
 * server's class lists the ones it runs and keeps only what differs: deployments, descriptors and
 * server configuration. The deployment the tests operate on is named {@value #APP}.
 *
 * <p>One class runs at a time (JUnit's default); the broker is static so that the static
 * {@code @Deployment} methods can read its address.
 */
public abstract class ServerScenarioTests {
    /** The name of the main deployment, on which the shared tests operate. */
    public static final String APP = "mdb";

    private static MdbScenarios scenarios;
    private static XaScenarios xa;

    /** The broker of the running test class, started on first use. */
    protected static synchronized MdbScenarios broker() {
        if (scenarios == null) {
            scenarios = MdbScenarios.start();
            xa = new XaScenarios(scenarios);
        }
        return scenarios;
    }

    public MdbScenarios scenarios() {
        return broker();
    }

    public synchronized XaScenarios xaScenarios() {
        broker();
        return xa;
    }

    @AfterAll
    static synchronized void stopBroker() {
        if (scenarios != null) {
            scenarios.close();
            scenarios = null;
            xa = null;
        }
    }
}
