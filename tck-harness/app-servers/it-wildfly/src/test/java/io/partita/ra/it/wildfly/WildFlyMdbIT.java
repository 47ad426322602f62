package io.partita.ra.it.wildfly;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios ({@link MdbScenarios}, {@link io.partita.ra.it.scenario.XaScenarios}) in a real
 * WildFly: the adapter deployed as {@code partita-ra.rar} with an {@code ironjacamar.xml} that
 * activates an XA connection factory ({@code java:/jms/partitaCF}) and a queue
 * ({@code java:/jms/orders}), as the WildFly CLI of the README does; beans bound to the adapter by
 * {@code jboss-ejb3.xml}; container-managed XA against WildFly's default database, the H2
 * {@code ExampleDS} of {@code standalone.xml} (a local data source, which the transaction manager
 * commits as the last resource after preparing the Partita branch).
 *
 * <p>WildFly starts once for the class, on ports the build reserved; the broker runs in this JVM.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyMdbIT extends ServerScenarioTests implements DeliveryTests, SubscriptionTests, XaTests, ContextTests {
    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive adapter() {
        String ironJacamar = """
                <ironjacamar xmlns="http://www.ironjacamar.org/doc/schema"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.ironjacamar.org/doc/schema http://www.ironjacamar.org/doc/schema/ironjacamar_1_1.xsd">
                  <config-property name="brokerURL">%1$s</config-property>
                  <transaction-support>XATransaction</transaction-support>
                  <connection-definitions>
                    <connection-definition class-name="io.partita.ra.outbound.PartitaManagedConnectionFactory"
                        jndi-name="java:/jms/partitaCF" pool-name="partita-cf">
                      <config-property name="brokerURL">%1$s</config-property>
                    </connection-definition>
                  </connection-definitions>
                  <admin-objects>
                    <admin-object class-name="io.partita.ra.admin.QueueAdminObject" jndi-name="java:/jms/orders"
                        pool-name="orders">
                      <config-property name="name">orders</config-property>
                    </admin-object>
                  </admin-objects>
                </ironjacamar>
                """.formatted(broker().brokerUrl());
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(System.getProperty("partita.rar")))
                .addAsManifestResource(new StringAsset(ironJacamar), "ironjacamar.xml");
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive application() {
        Map<String, String> common = Map.of("brokerURL", broker().beanBrokerUrl());
        Map<String, Map<String, String>> beans = new LinkedHashMap<>();
        beans.put("OrdersListener", Map.of("brokerURL", broker().beanBrokerUrl(),
                "destinationLookup", "java:/jms/orders"));
        for (String b : List.of("ParallelListener", "PoisonListener", "SharedTicksA", "SharedTicksB",
                "TransactedListener")) {
            beans.put(b, common);
        }
        return ShrinkWrap.create(WebArchive.class, "mdb.war")
                .addClasses(SendServlet.class, StateServlet.class, Deliveries.class, OrdersListener.class,
                        ParallelListener.class, PoisonListener.class, SharedTicksA.class, SharedTicksB.class,
                        XaOrders.class, XaServlet.class, TransactedListener.class, ContextOrders.class,
                        ContextServlet.class)
                .addAsWebInfResource(new StringAsset(Descriptors.webXml("java:/jms/partitaCF", "java:/jms/orders",
                        "java:/jms/partitaCF", "java:jboss/datasources/ExampleDS", "")), "web.xml")
                .addAsWebInfResource(new StringAsset(Descriptors.ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(JBOSS_EJB3), "jboss-ejb3.xml")
                .addAsWebInfResource(new StringAsset(JMS_API), "jboss-deployment-structure.xml");
    }

    /** Deployed and undeployed by the durable-subscription test itself. */
    @Deployment(name = "durable", order = 3, managed = false, testable = false)
    static WebArchive durableApplication() {
        return ShrinkWrap.create(WebArchive.class, "durable.war")
                .addClasses(StateServlet.class, Deliveries.class, DurablePricesListener.class)
                .addAsWebInfResource(new StringAsset(Descriptors.ejbJar(List.of("DurablePricesListener"),
                        Map.of("brokerURL", broker().beanBrokerUrl()))), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(JBOSS_EJB3), "jboss-ejb3.xml")
                .addAsWebInfResource(new StringAsset(JMS_API), "jboss-deployment-structure.xml");
    }

    /** WildFly's binding of every bean of the application to the adapter deployed as {@code partita-ra.rar}. */
    private static final String JBOSS_EJB3 = """
            <jboss:ejb-jar xmlns:jboss="http://www.jboss.com/xml/ns/javaee"
                xmlns="http://java.sun.com/xml/ns/javaee"
                xmlns:mdb="urn:resource-adapter-binding"
                version="3.1" impl-version="2.0">
              <assembly-descriptor>
                <mdb:resource-adapter-binding>
                  <ejb-name>*</ejb-name>
                  <mdb:resource-adapter-name>partita-ra.rar</mdb:resource-adapter-name>
                </mdb:resource-adapter-binding>
              </assembly-descriptor>
            </jboss:ejb-jar>
            """;

    /**
     * The default profile ({@code standalone.xml}) has no messaging subsystem, so deployments do
     * not see the Jakarta Messaging API unless they ask for its module.
     */
    private static final String JMS_API = """
            <jboss-deployment-structure>
              <deployment>
                <dependencies>
                  <module name="jakarta.jms.api"/>
                </dependencies>
              </deployment>
            </jboss-deployment-structure>
            """;

    @Override
    public MdbScenarios.Redeployer durableRedeployer() {
        return MdbScenarios.Redeployer.of(deployer, "durable");
    }

    @Override
    public URL durableApp() throws Exception {
        return URI.create("http://127.0.0.1:" + System.getProperty("wf.http.port") + "/durable/").toURL();
    }
}
