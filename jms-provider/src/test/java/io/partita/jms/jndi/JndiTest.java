package io.partita.jms.jndi;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.PartitaQueue;
import io.partita.jms.PartitaTopic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JNDI through {@code new InitialContext(env)}, with the test class path's {@code jndi.properties}. */
class JndiTest {

    private static InitialContext context(String... keyValues) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, PartitaInitialContextFactory.class.getName());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return new InitialContext(env);
    }

    @Test
    void environmentEntriesAreBound() throws NamingException {
        InitialContext ctx = context("connectionFactory.CF", "partita://127.0.0.1:9092?clientId=x",
                "queue.jms/orders", "orders", "topic.prices", "prices.eu");
        PartitaConnectionFactory cf = (PartitaConnectionFactory) ctx.lookup("CF");
        assertEquals("partita://127.0.0.1:9092?clientId=x", cf.getBrokerURL());
        assertEquals(new PartitaQueue("orders"), ctx.lookup("jms/orders"));
        assertEquals(new PartitaTopic("prices.eu"), ctx.lookup("prices"));
    }

    @Test
    void jndiPropertiesOnTheClassPathAreRead() throws NamingException {
        InitialContext ctx = context();
        assertEquals("partita://127.0.0.1:9092?clientId=from-file",
                ((PartitaConnectionFactory) ctx.lookup("FromFile")).getBrokerURL());
        assertEquals(new PartitaQueue("orders.file"), ctx.lookup("fileQueue"));
        assertEquals(new PartitaTopic("prices.file"), ctx.lookup("fileTopic"));
    }

    @Test
    void environmentOverridesTheFile() throws NamingException {
        InitialContext ctx = context("queue.fileQueue", "overridden");
        assertEquals(new PartitaQueue("overridden"), ctx.lookup("fileQueue"));
    }

    @Test
    void providerUrlGivesADefaultFactory() throws NamingException {
        InitialContext ctx = context(Context.PROVIDER_URL, "partita://127.0.0.1:7");
        assertEquals("partita://127.0.0.1:7",
                ((PartitaConnectionFactory) ctx.lookup("ConnectionFactory")).getBrokerURL());
    }

    @Test
    void unknownNamesAreNotFound() throws NamingException {
        InitialContext ctx = context();
        NameNotFoundException e = assertThrows(NameNotFoundException.class, () -> ctx.lookup("missing"));
        assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
    }

    @Test
    void badEntriesFailWithTheEntryNamed() {
        ConfigurationException url = assertThrows(ConfigurationException.class,
                () -> context("connectionFactory.bad", "partita://h:1?oops=1").lookup("bad"));
        assertTrue(url.getMessage().contains("connectionFactory.bad"), url.getMessage());
        assertTrue(url.getMessage().contains("'oops'"), url.getMessage());
        ConfigurationException name = assertThrows(ConfigurationException.class,
                () -> context("queue.q", "bad name").lookup("q"));
        assertTrue(name.getMessage().contains("queue.q"), name.getMessage());
    }

    @Test
    void contextIsReadOnlyAndListable() throws NamingException {
        InitialContext ctx = context("queue.q1", "one");
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind("x", new PartitaQueue("x")));
        assertThrows(OperationNotSupportedException.class, () -> ctx.unbind("q1"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.createSubcontext("sub"));
        List<String> names = new ArrayList<>();
        for (NameClassPair p : Collections.list(ctx.list(""))) {
            names.add(p.getName());
        }
        assertTrue(names.containsAll(List.of("q1", "FromFile", "fileQueue", "fileTopic")), names.toString());
        Context root = (Context) ctx.lookup("");
        assertSame(root, root.lookup(""));
    }
}
