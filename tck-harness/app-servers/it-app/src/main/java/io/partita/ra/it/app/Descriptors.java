package io.partita.ra.it.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard deployment descriptors of the test application, written by each server's test with
 * the addresses it only knows at run time. Stateless.
 */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * {@code WEB-INF/ejb-jar.xml} adding {@code properties} (e.g. {@code brokerURL}) to the
     * activation configuration of each named bean of this package (the bean's simple class name is
     * its EJB name).
     */
    public static String ejbJar(List<String> beans, Map<String, String> properties) {
        Map<String, Map<String, String>> perBean = new LinkedHashMap<>();
        beans.forEach(b -> perBean.put(b, properties));
        return ejbJar(perBean);
    }

    /** {@code WEB-INF/ejb-jar.xml} adding, per bean, its activation properties. */
    public static String ejbJar(Map<String, Map<String, String>> perBean) {
        StringBuilder b = new StringBuilder("""
                <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/ejb-jar_4_0.xsd"
                    version="4.0">
                  <enterprise-beans>
                """);
        perBean.forEach((bean, properties) -> {
            b.append("    <message-driven>\n      <ejb-name>").append(bean).append("</ejb-name>\n")
                    .append("      <ejb-class>").append(Descriptors.class.getPackageName()).append('.').append(bean)
                    .append("</ejb-class>\n      <activation-config>\n");
            properties.forEach((name, value) -> b.append("""
                            <activation-config-property>
                              <activation-config-property-name>%s</activation-config-property-name>
                              <activation-config-property-value>%s</activation-config-property-value>
                            </activation-config-property>
                    """.formatted(name, xml(value))));
            b.append("      </activation-config>\n    </message-driven>\n");
        });
        return b.append("  </enterprise-beans>\n</ejb-jar>\n").toString();
    }

    /** {@code WEB-INF/web.xml} mapping {@link SendServlet}'s references to server JNDI names. */
    public static String webXml(String connectionFactoryJndi, String queueJndi) {
        return webXml(connectionFactoryJndi, queueJndi, null, null, "");
    }

    /**
     * {@code WEB-INF/web.xml} mapping the references of {@link SendServlet} and, unless
     * {@code xaConnectionFactoryJndi} is null, of {@link XaOrders} ({@code jms/xaCf},
     * {@code jdbc/orders}) to server JNDI names; {@code extra} (e.g. a {@code <data-source>}
     * definition) is added as it is.
     */
    public static String webXml(String connectionFactoryJndi, String queueJndi, String xaConnectionFactoryJndi,
            String dataSourceJndi, String extra) {
        String xa = xaConnectionFactoryJndi == null ? "" : """
                  <resource-ref>
                    <res-ref-name>jms/xaCf</res-ref-name>
                    <res-type>jakarta.jms.ConnectionFactory</res-type>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                  <resource-ref>
                    <res-ref-name>jdbc/orders</res-ref-name>
                    <res-type>javax.sql.DataSource</res-type>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                """.formatted(xml(xaConnectionFactoryJndi), xml(dataSourceJndi));
        return """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                    version="6.0">
                  <resource-ref>
                    <res-ref-name>jms/cf</res-ref-name>
                    <res-type>jakarta.jms.ConnectionFactory</res-type>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                  <resource-env-ref>
                    <resource-env-ref-name>jms/orders</resource-env-ref-name>
                    <resource-env-ref-type>jakarta.jms.Queue</resource-env-ref-type>
                    <lookup-name>%s</lookup-name>
                  </resource-env-ref>
                %s%s</web-app>
                """.formatted(xml(connectionFactoryJndi), xml(queueJndi), xa, extra);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
