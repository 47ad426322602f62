package io.partita.ra.it.glassfish;

import io.partita.ra.it.app.Deliveries;
import io.partita.ra.it.app.Descriptors;
import io.partita.ra.it.app.DurablePricesListener;
import io.partita.ra.it.app.OrdersListener;
import io.partita.ra.it.app.ParallelListener;
import io.partita.ra.it.app.PoisonListener;
import io.partita.ra.it.app.SendServlet;
import io.partita.ra.it.app.SharedTicksA;
import io.partita.ra.it.app.SharedTicksB;
import io.partita.ra.it.app.StateServlet;
import io.partita.ra.it.scenario.MdbScenarios;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * Message-driven beans on the Partita adapter in a real GlassFish 7 ({@link MdbScenarios}): a bean
 * receives what a servlet sent with the injected pooled factory (scenario 1); eight sessions
 * deliver 1,000 messages in parallel, each once (2); a bean that throws gets the message again
 * with {@code JMSRedelivered} and a rising {@code JMSXDeliveryCount} until the broker dead-letters
 * it (4); a durable subscription misses nothing across a redeploy and a shared subscription
 * divides a topic's messages between two beans (5).
 *
 * <p>The application declares its connection pool, factory and queue in
 * {@code glassfish-resources.xml} (names under {@code java:app/}), gives each bean its
 * {@code brokerURL} in {@code ejb-jar.xml} and binds the beans to the adapter in
 * {@code glassfish-ejb-jar.xml}. GlassFish starts once for the class; the broker runs in this JVM.
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishMdbIT {
    private static MdbScenarios scenarios;

    @ArquillianResource
    private Deployer deployer;

    static synchronized MdbScenarios scenarios() {
        if (scenarios == null) {
            scenarios = MdbScenarios.start();
        }
        return scenarios;
    }

    @AfterAll
    static void stopBroker() {
        if (scenarios != null) {
            scenarios.close();
        }
    }

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive adapter() {
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(System.getProperty("partita.rar")));
    }

    @Deployment(name = "mdb", order = 2, testable = false)
    static WebArchive application() {
        String resources = """
                <!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN"
                    "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
                <resources>
                  <connector-connection-pool name="java:app/partita-pool" resource-adapter-name="partita-ra"
                      connection-definition-name="jakarta.jms.ConnectionFactory" transaction-support="NoTransaction">
                    <property name="brokerURL" value="%s"/>
                  </connector-connection-pool>
                  <connector-resource jndi-name="java:app/jms/cf" pool-name="java:app/partita-pool"/>
                  <admin-object-resource jndi-name="java:app/jms/orders" res-adapter="partita-ra"
                      res-type="jakarta.jms.Queue">
                    <property name="name" value="orders"/>
                  </admin-object-resource>
                </resources>
                """.formatted(scenarios().brokerUrl());
        List<String> beans = List.of("OrdersListener", "ParallelListener", "PoisonListener", "SharedTicksA",
                "SharedTicksB");
        return ShrinkWrap.create(WebArchive.class, "mdb.war")
                .addClasses(SendServlet.class, StateServlet.class, Deliveries.class, OrdersListener.class,
                        ParallelListener.class, PoisonListener.class, SharedTicksA.class, SharedTicksB.class)
                .addAsWebInfResource(new StringAsset(resources), "glassfish-resources.xml")
                .addAsWebInfResource(new StringAsset(Descriptors.webXml("java:app/jms/cf", "java:app/jms/orders")),
                        "web.xml")
                .addAsWebInfResource(new StringAsset(ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(glassFishEjbJar(beans)), "glassfish-ejb-jar.xml");
    }

    /** Deployed and undeployed by the durable-subscription test itself. */
    @Deployment(name = "durable", order = 3, managed = false, testable = false)
    static WebArchive durableApplication() {
        List<String> beans = List.of("DurablePricesListener");
        return ShrinkWrap.create(WebArchive.class, "durable.war")
                .addClasses(StateServlet.class, Deliveries.class, DurablePricesListener.class)
                .addAsWebInfResource(new StringAsset(ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(glassFishEjbJar(beans)), "glassfish-ejb-jar.xml");
    }

    private static String ejbJar(List<String> beans) {
        return Descriptors.ejbJar(beans, Map.of("brokerURL", scenarios().beanBrokerUrl()));
    }

    /** GlassFish's binding of each bean to the adapter deployed as {@code partita-ra}. */
    private static String glassFishEjbJar(List<String> beans) {
        StringBuilder b = new StringBuilder("""
                <!DOCTYPE glassfish-ejb-jar PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 EJB 3.1//EN"
                    "http://glassfish.org/dtds/glassfish-ejb-jar_3_1-1.dtd">
                <glassfish-ejb-jar>
                  <enterprise-beans>
                """);
        for (String bean : beans) {
            b.append("""
                        <ejb>
                          <ejb-name>%s</ejb-name>
                          <mdb-resource-adapter>
                            <resource-adapter-mid>partita-ra</resource-adapter-mid>
                          </mdb-resource-adapter>
                        </ejb>
                    """.formatted(bean));
        }
        return b.append("  </enterprise-beans>\n</glassfish-ejb-jar>\n").toString();
    }

    @Test
    void beanReceivesWhatTheServletSent(@ArquillianResource @OperateOnDeployment("mdb") URL app) throws Exception {
        scenarios().beanReceivesWhatTheServletSent(app);
    }

    @Test
    void eightSessionsDeliverAThousandMessagesInParallelEachOnce(@ArquillianResource @OperateOnDeployment("mdb") URL app)
            throws Exception {
        scenarios().eightSessionsDeliverAThousandMessagesInParallelEachOnce(app);
    }

    @Test
    void failingMessageIsRedeliveredThenDeadLettered(@ArquillianResource @OperateOnDeployment("mdb") URL app)
            throws Exception {
        scenarios().failingMessageIsRedeliveredThenDeadLettered(app);
    }

    @Test
    void sharedSubscriptionDividesMessagesBetweenTwoBeans(@ArquillianResource @OperateOnDeployment("mdb") URL app)
            throws Exception {
        scenarios().sharedSubscriptionDividesMessagesBetweenTwoBeans(app);
    }

    @Test
    void durableSubscriptionMissesNothingAcrossARedeploy() throws Exception {
        URL app = URI.create("http://127.0.0.1:" + System.getProperty("gf.http.port") + "/durable/").toURL();
        scenarios().durableSubscriptionMissesNothingAcrossARedeploy(app, new MdbScenarios.Redeployer() {
            @Override
            public void deploy() {
                deployer.deploy("durable");
            }

            @Override
            public void undeploy() {
                deployer.undeploy("durable");
            }
        });
    }
}
