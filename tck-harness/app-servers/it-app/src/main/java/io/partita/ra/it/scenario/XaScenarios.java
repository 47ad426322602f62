package io.partita.ra.it.scenario;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.JMSContext;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test side of scenario 3, container-managed XA, the same in every application server: the
 * application's {@code XaOrders} bean sends to queue {@code xa-orders} with an XA connection
 * factory and writes a row to the server's database in one container transaction. What the
 * broker holds is read with the plain log consumer: {@code read_uncommitted} shows that a send
 * reached the log, {@code read_committed} what a committed-only reader (every JMS consumer)
 * sees. Rows are read through the application's {@code /xa?rows}.
 *
 * <p>One instance per test class, on the broker of its {@link MdbScenarios}; not thread-safe.
 */
public final class XaScenarios {
    private static final String QUEUE = "xa-orders";
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final MdbScenarios base;
    private final TopicLog log;

    public XaScenarios(MdbScenarios base) {
        this.base = base;
        this.log = new TopicLog(base.brokerPort(), QUEUE);
    }

    /** Without a failure, the message and the row are both there, once. */
    public void commitKeepsMessageAndRow(URL app) throws Exception {
        assertEquals("committed xa-commit", base.get(app, "xa?text=xa-commit"));
        assertEquals(1, rows(app).stream().filter("xa-commit"::equals).count());
        List<String> committed = log.readTexts(true, l -> l.contains("xa-commit"));
        assertEquals(1, committed.stream().filter("xa-commit"::equals).count(), committed::toString);
    }

    /**
     * The bean throws after sending and inserting: neither the row nor the message is there. The
     * send did reach the log ({@code read_uncommitted} sees it); a committed-only reader that
     * reads past it (up to a message sent afterwards) never gets it.
     */
    public void rollbackLeavesNeitherMessageNorRow(URL app) throws Exception {
        assertEquals("rolled back xa-rollback", base.get(app, "xa?text=xa-rollback&fail=true"));
        assertFalse(rows(app).contains("xa-rollback"), "the rolled back row is in the table");
        log.readTexts(false, l -> l.contains("xa-rollback"));
        try (JMSContext context = new PartitaConnectionFactory(base.brokerUrl()).createContext()) {
            context.createProducer().send(context.createQueue(QUEUE), "after-rollback");
        }
        List<String> committed = log.readTexts(true, l -> l.contains("after-rollback"));
        assertFalse(committed.contains("xa-rollback"), () -> "a committed-only reader got the rolled back message: "
                + committed);
    }

    /**
     * The enlisted send is really XA: while the bean holds its transaction open after the send,
     * the message is in the log but the partition's last stable offset stays at or below it, so
     * no committed-only reader can see it; after the commit it is visible, and the row is there.
     */
    public void enlistedSendIsInvisibleUntilCommit(URL app) throws Exception {
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
            try {
                return base.get(app, "xa?text=xa-held&hold=xa-held");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            MdbScenarios.await(() -> holding(app, "xa-held"), Boolean::booleanValue, "the bean at its hold");
            long offset = log.offsetOf("xa-held");
            long stable = log.lastStableOffset();
            assertTrue(stable <= offset, "the held message at offset " + offset
                    + " is below the last stable offset " + stable + ": visible before the commit");
            assertFalse(rows(app).contains("xa-held"));
        } finally {
            base.get(app, "state?release=xa-held");
        }
        assertEquals("committed xa-held", call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        List<String> committed = log.readTexts(true, l -> l.contains("xa-held"));
        assertEquals(1, committed.stream().filter("xa-held"::equals).count(), committed::toString);
        assertTrue(rows(app).contains("xa-held"));
    }

    /**
     * Transacted delivery: {@code TransactedListener} ({@code REQUIRED}) replies in the delivery's
     * transaction. For {@code tx-ok} the reply is committed once; {@code fail-tx} comes again with
     * a rising delivery count (each rollback gives it back) until the broker dead-letters it, and
     * none of its replies is ever visible.
     */
    public void transactedBeanCommitsOrRollsBackTheReceiveWithItsWork(URL app) throws Exception {
        try (JMSContext context = new PartitaConnectionFactory(base.brokerUrl()).createContext()) {
            context.createProducer().send(context.createQueue("tx-in"), "tx-ok");
            context.createProducer().send(context.createQueue("tx-in"), "fail-tx");
        }
        List<String> deliveries = MdbScenarios.await(() -> transactedDeliveries(app),
                l -> l.contains("tx-ok/1") && l.contains("fail-tx/" + MdbScenarios.MAX_DELIVERIES),
                "TransactedListener");
        new TopicLog(base.brokerPort(), "DLQ").readTexts(false, l -> l.contains("fail-tx"));
        deliveries = transactedDeliveries(app);
        assertEquals(List.of("tx-ok/1"), deliveries.stream().filter(d -> d.startsWith("tx-ok")).toList());
        assertEquals(List.of("fail-tx/1", "fail-tx/2", "fail-tx/3", "fail-tx/4"),
                deliveries.stream().filter(d -> d.startsWith("fail-tx")).toList());
        try (JMSContext context = new PartitaConnectionFactory(base.brokerUrl()).createContext()) {
            context.createProducer().send(context.createQueue("tx-out"), "tx-out-marker");
        }
        assertEquals(List.of("reply-tx-ok", "tx-out-marker"),
                new TopicLog(base.brokerPort(), "tx-out").readTexts(true, l -> l.contains("tx-out-marker")));
    }

    /** {@code text/deliveryCount} of each delivery to {@code TransactedListener}. */
    private List<String> transactedDeliveries(URL app) {
        try {
            return base.get(app, "state?listener=TransactedListener").lines().filter(l -> !l.isEmpty())
                    .map(l -> l.split("\t")[0] + "/" + l.split("\t")[2]).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers

    private boolean holding(URL app, String hold) {
        try {
            return Boolean.parseBoolean(base.get(app, "state?holding=" + hold).trim());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of the application's table. */
    public List<String> rows(URL app) throws Exception {
        return base.get(app, "xa?rows").lines().filter(s -> !s.isEmpty()).toList();
    }
}
