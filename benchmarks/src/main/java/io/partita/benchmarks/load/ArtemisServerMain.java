package io.partita.benchmarks.load;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An ActiveMQ Artemis broker for the load tool, in its own JVM:
 * {@code ArtemisServerMain <port> <data-dir> <journal-type>}. Persistence is on with Artemis'
 * defaults for durability (a durable, non-transacted send is answered once the journal has
 * synced it); one CORE acceptor on 127.0.0.1; security off. Runs until SIGTERM, which stops the
 * broker through a shutdown hook.
 *
 * <p>Departures from a stock {@code broker.xml}, each so the measurement is not cut short:
 * the acceptor's {@code handshake-timeout} is off (the idle-connection workload opens plain TCP
 * connections that never send a handshake, which Artemis would otherwise close after 10 s);
 * queues created on first use are not deleted when they empty; the disk-usage limit that
 * blocks producers when the disk is 90% full is off.
 */
public final class ArtemisServerMain {
    private ArtemisServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ArtemisServerMain <port> <data-dir> <journal-type: ASYNCIO|NIO|MAPPED>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]).toAbsolutePath();
        JournalType journalType = JournalType.valueOf(args[2]);

        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(journalType)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(data.toString())
                .setMaxDiskUsage(-1)
                .addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE;handshake-timeout=0");
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));

        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        System.out.println("Artemis listening on 127.0.0.1:" + port + ", journal " + journalType + " (sync "
                + config.isJournalSyncNonTransactional() + ") in " + data);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "artemis-shutdown"));
        stopped.await();
    }
}
