package io.partita.ra.it.glassfish;

import java.util.List;

/** GlassFish's own descriptors of the test applications. Stateless. */
final class GlassFishDescriptors {
    private GlassFishDescriptors() {
    }

    /**
     * The application's database: Derby's embedded XA data source (GlassFish ships Derby in
     * {@code javadb/} and puts it on the common class path), an in-memory database, as a
     * {@code web.xml} {@code data-source} named {@code java:app/jdbc/orders}.
     */
    static final String DERBY_XA = """
              <data-source>
                <name>java:app/jdbc/orders</name>
                <class-name>org.apache.derby.jdbc.EmbeddedXADataSource</class-name>
                <database-name>memory:partita-xa</database-name>
                <property>
                  <name>createDatabase</name>
                  <value>create</value>
                </property>
                <transactional>true</transactional>
              </data-source>
            """;

    /**
     * {@code WEB-INF/glassfish-resources.xml}: a {@code NoTransaction} pool behind
     * {@code java:app/jms/cf}, an {@code XATransaction} pool behind {@code java:app/jms/xaCf}, both
     * on {@code brokerUrl}, and the queue {@code orders} as {@code java:app/jms/orders}.
     */
    static String resources(String brokerUrl) {
        return """
                <!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN"
                    "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
                <resources>
                  <connector-connection-pool name="java:app/partita-pool" resource-adapter-name="partita-ra"
                      connection-definition-name="jakarta.jms.ConnectionFactory" transaction-support="NoTransaction">
                    <property name="brokerURL" value="%1$s"/>
                  </connector-connection-pool>
                  <connector-resource jndi-name="java:app/jms/cf" pool-name="java:app/partita-pool"/>
                  <connector-connection-pool name="java:app/partita-xa-pool" resource-adapter-name="partita-ra"
                      connection-definition-name="jakarta.jms.ConnectionFactory" transaction-support="XATransaction">
                    <property name="brokerURL" value="%1$s"/>
                  </connector-connection-pool>
                  <connector-resource jndi-name="java:app/jms/xaCf" pool-name="java:app/partita-xa-pool"/>
                  <admin-object-resource jndi-name="java:app/jms/orders" res-adapter="partita-ra"
                      res-type="jakarta.jms.Queue">
                    <property name="name" value="orders"/>
                  </admin-object-resource>
                </resources>
                """.formatted(brokerUrl);
    }

    /** GlassFish's binding of each bean to the adapter deployed as {@code partita-ra}. */
    static String ejbJar(List<String> beans) {
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
}
