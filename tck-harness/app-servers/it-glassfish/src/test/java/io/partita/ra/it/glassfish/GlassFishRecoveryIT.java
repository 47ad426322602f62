package io.partita.ra.it.glassfish;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.ra.it.app.Deliveries;
import io.partita.ra.it.app.StateServlet;
import io.partita.ra.it.glassfish.app.HoldingXaResource;
import io.partita.ra.it.glassfish.app.RecoveryOrders;
import io.partita.ra.it.glassfish.app.RecoveryServlet;
import io.partita.ra.it.scenario.ChildBrokerProcess;
import io.partita.ra.it.scenario.MdbScenarios;
import io.partita.ra.it.scenario.TopicLog;
import jakarta.jms.JMSContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 6, crash recovery in GlassFish: the broker, a child JVM, is killed with SIGKILL after
 * Partita's branch of a container transaction was prepared; when it is back on the same port and
 * data, GlassFish's transaction recovery commits the branch: the message is there once. And the
 * other order: killed before Partita's prepare, the transaction rolls back and nothing shows.
 *
 * <p>The transaction sends with the application's XA pool and enlists a {@link HoldingXaResource}
 * (after Partita, or before it), whose {@code prepare} waits until the test releases it: GlassFish
 * prepares in enlistment order, so the test knows where the two-phase commit stands when it kills
 * the broker. The build configures GlassFish's transaction service ({@code domain.xml}): no retry
 * of a failed commit in the committing thread ({@code retry-timeout-in-seconds=0}), so the commit
 * ends while the broker is down and is left to recovery, which the test starts, once the broker is
 * back, with {@code asadmin recover-transactions server}. That recovery reaches Partita through the
 * XA pool's managed connection ({@code getXAResource().recover()}): GlassFish also calls the
 * adapter's {@code getXAResources} for container-managed message-driven beans, but does not use
 * what it returns (see the README).
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishRecoveryIT {
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static ChildBrokerProcess broker;

    static synchronized ChildBrokerProcess broker() {
        if (broker == null) {
            try {
                broker = ChildBrokerProcess.start(Files.createTempDirectory("partita-ra-recovery-it"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive adapter() {
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(System.getProperty("partita.rar")));
    }

    @Deployment(name = "recovery", order = 2, testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "recovery.war")
                .addClasses(RecoveryServlet.class, RecoveryOrders.class, HoldingXaResource.class, StateServlet.class,
                        Deliveries.class)
                .addAsWebInfResource(new StringAsset(GlassFishDescriptors.resources(broker().url())),
                        "glassfish-resources.xml");
    }

    @Test
    void preparedBranchIsCommittedByRecoveryAfterTheBrokerWasKilled(
            @ArquillianResource @OperateOnDeployment("recovery") URL app) throws Exception {
        TopicLog log = new TopicLog(broker().port(), "recovered");
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> get(app, "recovery?text=recovered-1&hold=h1"));
        MdbScenarios.await(() -> Boolean.parseBoolean(get(app, "state?holding=h1").trim()), "the commit at the hold");
        assertEquals(1, log.preparedBranches().size(), "Partita's branch is prepared while the commit waits");

        broker.kill();
        get(app, "state?release=h1");
        // GlassFish decided commit; Partita's commit fails (its broker is down) and, with
        // retry-timeout-in-seconds=0, is left to recovery: the call ends while the broker is down
        // (GlassFish reports the unfinished commit to the caller as an EJBException)
        String answer = call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(answer.endsWith("recovered-1") || answer.contains("Unable to complete container-managed transaction"),
                answer);
        broker.restart();
        assertEquals(1, log.preparedBranches().size(), "the branch is still prepared after the broker's restart");

        // GlassFish's recovery finds the branch through the XA pool's XAResource and commits it
        MdbScenarios.await(() -> {
            recoverTransactions();
            try {
                return log.preparedBranches().isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, "recovery to complete the prepared branch");
        assertEquals(List.of("recovered-1"), log.readTexts(true, l -> l.contains("recovered-1")).stream()
                .filter(t -> t.startsWith("recovered-")).toList());
    }

    /**
     * The other order: the hold is enlisted first, so GlassFish waits in its prepare before
     * Partita's; the broker is killed there. Partita's prepare then fails, GlassFish rolls the
     * transaction back, and the branch, never prepared, is rolled back by the broker's timeout
     * once it is back: the message never becomes visible, and nothing stays prepared.
     */
    @Test
    void branchKilledBeforeItsPrepareIsRolledBack(@ArquillianResource @OperateOnDeployment("recovery") URL app)
            throws Exception {
        TopicLog log = new TopicLog(broker().port(), "recovered");
        CompletableFuture<String> call = CompletableFuture.supplyAsync(
                () -> get(app, "recovery?text=recovered-2&hold=h2&partitaFirst=false"));
        MdbScenarios.await(() -> Boolean.parseBoolean(get(app, "state?holding=h2").trim()), "the commit at the hold");
        assertEquals(List.of(), log.preparedBranches(), "nothing is prepared before Partita's prepare");

        broker.kill();
        get(app, "state?release=h2");
        String answer = call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(answer.startsWith("failed recovered-2"), answer);
        broker.restart();

        try (JMSContext context = new PartitaConnectionFactory(broker.url()).createContext()) {
            context.createProducer().send(context.createQueue("recovered"), "after-recovered-2");
        }
        // a committed-only reader passes the branch only once the broker rolled it back
        List<String> committed = log.readTexts(true, l -> l.contains("after-recovered-2"));
        assertFalse(committed.contains("recovered-2"), committed::toString);
        assertTrue(log.readTexts(false, l -> l.contains("recovered-2")).contains("recovered-2"),
                "the send reached the log before the broker was killed");
        assertEquals(List.of(), log.preparedBranches());
    }

    /** {@code asadmin recover-transactions server}: recovery of the running server's pending transactions. */
    private static void recoverTransactions() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("gf.admin.cli"), "--host", "127.0.0.1", "--port",
                    System.getProperty("gf.admin.port"), "recover-transactions", "server")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                System.err.println("recover-transactions: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String get(URL app, String pathAndQuery) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(app + pathAndQuery)).timeout(DEADLINE).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), () -> pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
