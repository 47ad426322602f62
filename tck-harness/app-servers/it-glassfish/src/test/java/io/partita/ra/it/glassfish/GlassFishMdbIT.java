package io.partita.ra.it.glassfish;

import io.partita.ra.it.app.ContextOrders;
import io.partita.ra.it.app.ContextServlet;
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
import io.partita.ra.it.app.TransactedListener;
import io.partita.ra.it.app.XaOrders;
import io.partita.ra.it.app.XaServlet;
import io.partita.ra.it.scenario.ContextTests;
import io.partita.ra.it.scenario.DeliveryTests;
import io.partita.ra.it.scenario.MdbScenarios;
import io.partita.ra.it.scenario.ServerScenarioTests;
import io.partita.ra.it.scenario.SubscriptionTests;
import io.partita.ra.it.scenario.XaTests;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * The scenarios on the Partita adapter in a real GlassFish 7: message-driven beans (1, 2, 4),
 * shared and durable subscriptions (5), container-managed XA with a Derby database (3), and
 * {@code JMSContext} through the adapter in a container transaction.
 *
 * <p>The application declares its connection pools (one {@code NoTransaction}, one
 * {@code XATransaction}), factories and queue in {@code glassfish-resources.xml} (names under
 * {@code java:app/}), its database in {@code web.xml} (a {@code data-source} on Derby's embedded
 * XA data source, which GlassFish ships, in memory), gives each bean its {@code brokerURL} in
 * {@code ejb-jar.xml} and binds the beans to the adapter in {@code glassfish-ejb-jar.xml}.
 * GlassFish starts once for the module's test classes; the broker runs in this JVM.
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishMdbIT extends ServerScenarioTests implements DeliveryTests, SubscriptionTests, XaTests,
        ContextTests {
    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive adapter() {
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(System.getProperty("partita.rar")));
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive application() {
        List<String> beans = List.of("OrdersListener", "ParallelListener", "PoisonListener", "SharedTicksA",
                "SharedTicksB", "TransactedListener");
        return ShrinkWrap.create(WebArchive.class, "mdb.war")
                .addClasses(SendServlet.class, StateServlet.class, Deliveries.class, OrdersListener.class,
                        ParallelListener.class, PoisonListener.class, SharedTicksA.class, SharedTicksB.class,
                        XaOrders.class, XaServlet.class, TransactedListener.class, ContextOrders.class,
                        ContextServlet.class)
                .addAsWebInfResource(new StringAsset(GlassFishDescriptors.resources(broker().brokerUrl())),
                        "glassfish-resources.xml")
                .addAsWebInfResource(new StringAsset(Descriptors.webXml("java:app/jms/cf", "java:app/jms/orders",
                        "java:app/jms/xaCf", "java:app/jdbc/orders", GlassFishDescriptors.DERBY_XA)), "web.xml")
                .addAsWebInfResource(new StringAsset(ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(GlassFishDescriptors.ejbJar(beans)), "glassfish-ejb-jar.xml");
    }

    /** Deployed and undeployed by the durable-subscription test itself. */
    @Deployment(name = "durable", order = 3, managed = false, testable = false)
    static WebArchive durableApplication() {
        List<String> beans = List.of("DurablePricesListener");
        return ShrinkWrap.create(WebArchive.class, "durable.war")
                .addClasses(StateServlet.class, Deliveries.class, DurablePricesListener.class)
                .addAsWebInfResource(new StringAsset(ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(GlassFishDescriptors.ejbJar(beans)), "glassfish-ejb-jar.xml");
    }

    private static String ejbJar(List<String> beans) {
        return Descriptors.ejbJar(beans, Map.of("brokerURL", broker().beanBrokerUrl()));
    }

    @Override
    public MdbScenarios.Redeployer durableRedeployer() {
        return MdbScenarios.Redeployer.of(deployer, "durable");
    }

    @Override
    public URL durableApp() throws Exception {
        return URI.create("http://127.0.0.1:" + System.getProperty("gf.http.port") + "/durable/").toURL();
    }
}
