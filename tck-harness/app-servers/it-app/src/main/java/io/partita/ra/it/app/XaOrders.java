package io.partita.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Container-managed XA: {@link #sendAndInsert} sends a message to queue {@code xa-orders} with the
 * XA connection factory {@code jms/xaCf} and writes a row to table {@code XA_ORDERS} of the
 * data source {@code jdbc/orders}, both in the container's transaction. Both references are
 * mapped to server JNDI names by the application's {@code web.xml}. Stateless and thread-safe.
 */
@Stateless
public class XaOrders {
    /** The queue every XA send goes to. */
    public static final String QUEUE = "xa-orders";

    @Resource(name = "jms/xaCf")
    private ConnectionFactory factory;

    @Resource(name = "jdbc/orders")
    private DataSource dataSource;

    @EJB
    private Deliveries deliveries;

    /**
     * In one transaction: sends {@code text}, waits at hold {@code hold} (if not null) until the
     * test releases it, inserts the row, then throws if {@code fail} (so the container rolls
     * everything back).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void sendAndInsert(String text, boolean fail, String hold) {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new IllegalStateException("sending " + text + " failed", e);
        }
        if (hold != null) {
            deliveries.awaitRelease(hold);
        }
        try (java.sql.Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO XA_ORDERS (TEXT) VALUES (?)")) {
            insert.setString(1, text);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("inserting " + text + " failed", e);
        }
        if (fail) {
            throw new IllegalStateException("failing after sending and inserting " + text);
        }
    }

    /** Creates table {@code XA_ORDERS} unless it exists; outside any transaction. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void createTable() {
        try (java.sql.Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try {
                s.executeQuery("SELECT COUNT(*) FROM XA_ORDERS").close();
            } catch (SQLException absent) {
                s.executeUpdate("CREATE TABLE XA_ORDERS (TEXT VARCHAR(200) NOT NULL)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create table XA_ORDERS", e);
        }
    }

    /** The texts in table {@code XA_ORDERS}, in no particular order. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<String> rows() {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT TEXT FROM XA_ORDERS")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read table XA_ORDERS", e);
        }
        return out;
    }
}
