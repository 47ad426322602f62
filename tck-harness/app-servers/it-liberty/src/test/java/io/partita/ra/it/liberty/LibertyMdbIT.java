package io.partita.ra.it.liberty;

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
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * The message-driven bean scenarios 1, 2 and 4 ({@link io.partita.ra.it.scenario.MdbScenarios}), shared and
 * durable subscriptions (5), container-managed XA (3, {@link io.partita.ra.it.scenario.XaScenarios}), and
 * {@code JMSContext} through the
 * adapter ({@link io.partita.ra.it.scenario.ContextTests}), in a real Open Liberty. The adapter is
 * installed from {@code server.xml} configuration ({@code resourceAdapter}), with a connection
 * factory, queues and one activation specification per bean (Liberty binds a bean of a WAR to the
 * activation specification whose id is {@code application/bean}). Liberty takes a bean's
 * {@code destination} property for the name of a configured destination, so here every bean
 * names its queue or topic with {@code destinationLookup} (set in {@code ejb-jar.xml}). The broker's port is
 * only known once it started here, so the test writes that configuration to the server's
 * {@code configDropins/overrides}, which Liberty applies while running, before the application
 * is deployed. The database of the XA scenario is Liberty's {@code DefaultDataSource}, declared in
 * {@code server.xml} on Derby's embedded driver (in memory), which the build copies from Maven
 * Central into the server's shared resources.
 */
@ExtendWith(ArquillianExtension.class)
class LibertyMdbIT extends ServerScenarioTests implements DeliveryTests, SubscriptionTests, XaTests, ContextTests {
    @ArquillianResource
    private Deployer deployer;

    @AfterAll
    static void removeOverrides() throws IOException {
        Files.deleteIfExists(overrides());
    }

    private static Path overrides() {
        return Paths.get(System.getProperty("wlp.home"), "usr", "servers", "partita", "configDropins", "overrides",
                "partita.xml");
    }

    /** The activation specifications, {@code application/bean}, of the two deployments' beans. */
    private static final List<String> SPECS = List.of("mdb/OrdersListener", "mdb/ParallelListener",
            "mdb/PoisonListener", "mdb/TransactedListener", "mdb/SharedTicksA", "mdb/SharedTicksB",
            "durable/DurablePricesListener");

    /**
     * The configured destinations, each the element ({@code jmsQueue} or {@code jmsTopic}) of its
     * id, which is also its broker name and, under {@code jms/}, its JNDI name.
     */
    private static final Map<String, String> DESTINATIONS = Map.of("orders", "jmsQueue", "parallel", "jmsQueue",
            "poison", "jmsQueue", "tx-in", "jmsQueue", "ticks", "jmsTopic", "prices", "jmsTopic");

    @Deployment(name = APP, order = 1, testable = false)
    static WebArchive application() {
        String url = broker().brokerUrl();
        StringBuilder specs = new StringBuilder();
        DESTINATIONS.forEach((name, element) -> specs.append("""
                  <%s id="%s" jndiName="jms/%s">
                    <properties.partita name="%s"/>
                  </%s>
                """.formatted(element, name, name, name, element)));
        for (String spec : SPECS) {
            specs.append("""
                      <jmsActivationSpec id="%s">
                        <properties.partita brokerURL="%s"/>
                      </jmsActivationSpec>
                    """.formatted(spec, broker().beanBrokerUrl().replace("&", "&amp;")));
        }
        String config = """
                <server>
                  <resourceAdapter id="partita" location="%s"/>
                  <jmsConnectionFactory jndiName="jms/partitaCF">
                    <properties.partita brokerURL="%s"/>
                  </jmsConnectionFactory>
                %s</server>
                """.formatted(Paths.get(System.getProperty("partita.rar")).toAbsolutePath(), url, specs);
        try {
            Files.writeString(overrides(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ShrinkWrap.create(WebArchive.class, "mdb.war")
                .addClasses(SendServlet.class, StateServlet.class, Deliveries.class, OrdersListener.class,
                        ParallelListener.class, PoisonListener.class, XaOrders.class, XaServlet.class, TransactedListener.class,
                        SharedTicksA.class, SharedTicksB.class, ContextOrders.class, ContextServlet.class)
                .addAsWebInfResource(new StringAsset(Descriptors.webXml("jms/partitaCF", "jms/orders", "jms/partitaCF",
                        "java:comp/DefaultDataSource", "")), "web.xml")
                .addAsWebInfResource(new StringAsset(Descriptors.ejbJar(Map.of(
                        "OrdersListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/orders"),
                        "ParallelListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/parallel"),
                        "PoisonListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/poison"),
                        "TransactedListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/tx-in"),
                        "SharedTicksA", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/ticks"),
                        "SharedTicksB", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/ticks")))),
                        "ejb-jar.xml");
    }

    /** Deployed and undeployed by the durable-subscription test itself; its spec is written above. */
    @Deployment(name = "durable", order = 2, managed = false, testable = false)
    static WebArchive durableApplication() {
        return ShrinkWrap.create(WebArchive.class, "durable.war")
                .addClasses(StateServlet.class, Deliveries.class, DurablePricesListener.class)
                .addAsWebInfResource(new StringAsset(Descriptors.ejbJar(Map.of("DurablePricesListener", Map.of(
                        "brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/prices")))), "ejb-jar.xml");
    }

    @Override
    public MdbScenarios.Redeployer durableRedeployer() {
        return MdbScenarios.Redeployer.of(deployer, "durable");
    }

    @Override
    public URL durableApp() throws Exception {
        return URI.create("http://127.0.0.1:" + System.getProperty("ol.http.port") + "/durable/").toURL();
    }
}
