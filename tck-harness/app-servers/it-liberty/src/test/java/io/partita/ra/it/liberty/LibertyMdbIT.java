package io.partita.ra.it.liberty;

import io.partita.ra.it.app.ContextOrders;
import io.partita.ra.it.app.ContextServlet;
import io.partita.ra.it.app.Deliveries;
import io.partita.ra.it.app.Descriptors;
import io.partita.ra.it.app.OrdersListener;
import io.partita.ra.it.app.ParallelListener;
import io.partita.ra.it.app.PoisonListener;
import io.partita.ra.it.app.SendServlet;
import io.partita.ra.it.app.StateServlet;
import io.partita.ra.it.app.TransactedListener;
import io.partita.ra.it.app.XaOrders;
import io.partita.ra.it.app.XaServlet;
import io.partita.ra.it.scenario.ContextTests;
import io.partita.ra.it.scenario.DeliveryTests;
import io.partita.ra.it.scenario.ServerScenarioTests;
import io.partita.ra.it.scenario.XaTests;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * The message-driven bean scenarios 1, 2 and 4 ({@link io.partita.ra.it.scenario.MdbScenarios}) and
 * container-managed XA (3, {@link io.partita.ra.it.scenario.XaScenarios}), and {@code JMSContext} through the
 * adapter ({@link io.partita.ra.it.scenario.ContextTests}), in a real Open Liberty. The adapter is
 * installed from {@code server.xml} configuration ({@code resourceAdapter}), with a connection
 * factory, queues and one activation specification per bean (Liberty binds a bean of a WAR to the
 * activation specification whose id is {@code application/bean}). Liberty takes a bean's
 * {@code destination} property for the name of a configured destination, so here every bean
 * names its queue with {@code destinationLookup} (set in {@code ejb-jar.xml}). The broker's port is
 * only known once it started here, so the test writes that configuration to the server's
 * {@code configDropins/overrides}, which Liberty applies while running, before the application
 * is deployed. The database of the XA scenario is Liberty's {@code DefaultDataSource}, declared in
 * {@code server.xml} on Derby's embedded driver (in memory), which the build copies from Maven
 * Central into the server's shared resources.
 */
@ExtendWith(ArquillianExtension.class)
class LibertyMdbIT extends ServerScenarioTests implements DeliveryTests, XaTests, ContextTests {
    @AfterAll
    static void removeOverrides() throws IOException {
        Files.deleteIfExists(overrides());
    }

    private static Path overrides() {
        return Paths.get(System.getProperty("wlp.home"), "usr", "servers", "partita", "configDropins", "overrides",
                "partita.xml");
    }

    private static final List<String> BEANS = List.of("OrdersListener", "ParallelListener", "PoisonListener",
            "TransactedListener");

    @Deployment(name = APP, testable = false)
    static WebArchive application() {
        String url = broker().brokerUrl();
        StringBuilder specs = new StringBuilder();
        for (String bean : BEANS) {
            specs.append("""
                      <jmsActivationSpec id="mdb/%s">
                        <properties.partita brokerURL="%s"/>
                      </jmsActivationSpec>
                    """.formatted(bean, broker().beanBrokerUrl().replace("&", "&amp;")));
        }
        String config = """
                <server>
                  <resourceAdapter id="partita" location="%s"/>
                  <jmsConnectionFactory jndiName="jms/partitaCF">
                    <properties.partita brokerURL="%s"/>
                  </jmsConnectionFactory>
                  <jmsQueue id="orders" jndiName="jms/orders">
                    <properties.partita name="orders"/>
                  </jmsQueue>
                  <jmsQueue id="parallel" jndiName="jms/parallel">
                    <properties.partita name="parallel"/>
                  </jmsQueue>
                  <jmsQueue id="poison" jndiName="jms/poison">
                    <properties.partita name="poison"/>
                  </jmsQueue>
                  <jmsQueue id="tx-in" jndiName="jms/tx-in">
                    <properties.partita name="tx-in"/>
                  </jmsQueue>
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
                        ContextOrders.class, ContextServlet.class)
                .addAsWebInfResource(new StringAsset(Descriptors.webXml("jms/partitaCF", "jms/orders", "jms/partitaCF",
                        "java:comp/DefaultDataSource", "")), "web.xml")
                .addAsWebInfResource(new StringAsset(Descriptors.ejbJar(Map.of(
                        "OrdersListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/orders"),
                        "ParallelListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/parallel"),
                        "PoisonListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/poison"),
                        "TransactedListener", Map.of("brokerURL", broker().beanBrokerUrl(), "destinationLookup", "jms/tx-in")))),
                        "ejb-jar.xml");
    }
}
