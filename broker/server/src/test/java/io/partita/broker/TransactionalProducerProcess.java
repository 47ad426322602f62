package io.partita.broker;

import io.partita.client.Settings;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A transactional producer in a JVM of its own, for tests that kill it mid-transaction:
 * {@code <bootstrap> <transactional.id> <transaction.timeout.ms> <topic:partition>...}. It opens a
 * transaction, sends one acknowledged record ("<transactional.id>-<n>") to each partition,
 * prints {@value #SENT} and then waits forever without committing.
 */
public final class TransactionalProducerProcess {
    static final String SENT = "SENT";

    private TransactionalProducerProcess() {
    }

    public static void main(String[] args) throws Exception {
        PartitaProducer producer = new PartitaProducer(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, args[0],
                "transactional.id", args[1], "transaction.timeout.ms", args[2], "linger.ms", "0")));
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 3; i < args.length; i++) {
            String[] tp = args[i].split(":");
            producer.send(new ProducerRecord(tp[0], Integer.parseInt(tp[1]), null, null,
                    (args[1] + "-" + (i - 3)).getBytes(StandardCharsets.UTF_8), List.of())).get(30, TimeUnit.SECONDS);
        }
        System.out.println(SENT);
        System.out.flush();
        while (true) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(60));
        }
    }
}
