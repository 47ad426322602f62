package io.partita.tck;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.naming.Context;
import javax.naming.InitialContext;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code tck/jndi.properties} given to the official TCK: every name it must bind resolves
 * through {@code PartitaInitialContextFactory} to a working object (factories connect to a
 * broker, send and receive; destinations are of the right kind and name).
 */
class TckJndiConfigurationTest {
    private static final List<String> FACTORIES = List.of("MyConnectionFactory", "MyQueueConnectionFactory",
            "MyTopicConnectionFactory", "DURABLE_SUB_CONNECTION_FACTORY");
    private static final List<String> QUEUES = List.of("MY_QUEUE", "MY_QUEUE2", "testQ0", "testQ1", "testQ2",
            "testQueue2", "Q2");
    private static final List<String> TOPICS = List.of("MY_TOPIC", "MY_TOPIC2", "testT0", "testT1", "testT2");

    @Conformance
    @DisplayName("TCK configuration: every JNDI name resolves to a working object")
    void everyNameResolves(Target target) throws Exception {
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("tck", "jndi.properties"))) {
            file.load(r);
        }
        Hashtable<String, Object> env = new Hashtable<>();
        for (String key : file.stringPropertyNames()) {
            String value = file.getProperty(key);
            // The file names the broker the tck profile starts; point it at this run's broker instead.
            env.put(key, key.startsWith("connectionFactory.") ? retarget(value, target) : value);
        }
        assertEquals("io.partita.jms.jndi.PartitaInitialContextFactory", env.get(Context.INITIAL_CONTEXT_FACTORY));
        InitialContext ctx = new InitialContext(env);
        try {
            for (String name : QUEUES) {
                Queue q = assertInstanceOf(Queue.class, ctx.lookup(name), name);
                assertEquals(name, q.getQueueName());
            }
            for (String name : TOPICS) {
                Topic t = assertInstanceOf(Topic.class, ctx.lookup(name), name);
                assertEquals(name, t.getTopicName());
            }
            for (String name : FACTORIES) {
                ConnectionFactory cf = assertInstanceOf(ConnectionFactory.class, ctx.lookup(name), name);
                assertInstanceOf(QueueConnectionFactory.class, cf);
                assertInstanceOf(TopicConnectionFactory.class, cf);
                try (JMSContext c = cf.createContext()) {
                    Queue q = (Queue) ctx.lookup("MY_QUEUE");
                    c.createProducer().send(q, "through " + name);
                    assertEquals("through " + name, c.createConsumer(q).receiveBody(String.class, 10_000), name);
                }
            }
            ConnectionFactory durable = (ConnectionFactory) ctx.lookup("DURABLE_SUB_CONNECTION_FACTORY");
            try (Connection c = durable.createConnection("j2ee", "j2ee")) {
                assertEquals("cts", c.getClientID());
            }
            try (Connection c = ((ConnectionFactory) ctx.lookup("MyConnectionFactory")).createConnection()) {
                assertTrue(c.getClientID() == null, "only the durable factory has a client id");
            }
        } finally {
            ctx.close();
        }
    }

    /**
     * The file's URL for the broker the tck profile starts, pointed at this run's target: its
     * options, less the credentials the target adds itself.
     */
    private static String retarget(String value, Target target) {
        assertTrue(value.startsWith("partita://127.0.0.1:9092?"), value);
        StringBuilder options = new StringBuilder();
        for (String option : value.substring(value.indexOf('?') + 1).split("&")) {
            if (!option.startsWith("user=") && !option.startsWith("password=")) {
                options.append(options.length() == 0 ? "" : "&").append(option);
            }
        }
        return target.url(options.toString());
    }

    @Test
    @DisplayName("TCK configuration: the file binds exactly the names the TCK needs")
    void fileNamesEveryEntry() throws Exception {
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("tck", "jndi.properties"))) {
            file.load(r);
        }
        for (String f : FACTORIES) {
            assertTrue(file.getProperty("connectionFactory." + f, "").startsWith("partita://"), f);
        }
        assertTrue(file.getProperty("connectionFactory.DURABLE_SUB_CONNECTION_FACTORY").contains("clientId=cts"));
        for (String f : FACTORIES) {
            assertTrue(file.getProperty("connectionFactory." + f).contains("user=j2ee&password=j2ee"), f);
        }
        for (String q : QUEUES) {
            assertEquals(q, file.getProperty("queue." + q), q);
        }
        for (String t : TOPICS) {
            assertEquals(t, file.getProperty("topic." + t), t);
        }
    }
}
