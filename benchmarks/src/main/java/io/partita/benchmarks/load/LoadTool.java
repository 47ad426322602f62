package io.partita.benchmarks.load;

import io.partita.benchmarks.load.ResultTable.Row;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The side-by-side load tool: for each system named, starts its broker in a JVM of its own (the
 * same heap for all) on 127.0.0.1 with a fresh data directory, runs the chosen workloads against
 * it from this JVM, stops it, and finally prints one table with a column per system. See
 * {@code benchmarks/README.md} for the commands and what each row means.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar io.partita.benchmarks.load.LoadTool}.
 * The clients of every system run in this JVM, one workload at a time.
 */
@Command(name = "partita-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start Partita, Kafka and ActiveMQ Artemis in turn, each in its own JVM, run the same "
                + "workloads against each and print one table.")
public final class LoadTool implements Callable<Integer> {
    static final String THROUGHPUT_DESTINATION = "load-throughput";
    static final String LATENCY_DESTINATION = "load-latency";
    static final List<String> ALL_WORKLOADS = List.of("produce", "consume", "latency", "idle", "queue", "fanout",
            "selector", "txn", "jms");
    static final List<String> QUEUE_WORKLOADS = List.of("queue", "fanout", "selector");

    @Option(names = "--systems", split = ",", defaultValue = "partita,partita-os,kafka,kafka-fsync,artemis",
            description = "Systems to run, in this order: partita (log.flush.mode=group-commit), partita-os "
                    + "(log.flush.mode=os), kafka (default flushing), kafka-fsync (log.flush.interval.messages=1), "
                    + "artemis (default: ${DEFAULT-VALUE}).")
    List<String> systems;

    @Option(names = "--workloads", split = ",", defaultValue = "produce,consume,latency,idle",
            description = "Workloads to run on each system: produce, consume (reads what produce wrote; produces "
                    + "first if produce is not listed), latency, idle, queue, fanout, selector (these three on "
                    + "Partita and Artemis only), txn, jms (Partita and Artemis only) (default: ${DEFAULT-VALUE}).")
    List<String> workloads;

    @Option(names = "--records", defaultValue = "1000000",
            description = "Records sent by produce and read back by consume (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--record-size", defaultValue = "1024",
            description = "Bytes of each record's value (default: ${DEFAULT-VALUE}).")
    int recordSize;

    @Option(names = "--partitions", defaultValue = "1",
            description = "Partitions of each topic (Partita and Kafka; Artemis has one queue) (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--rate", defaultValue = "10000",
            description = "Records per second sent during the latency workload (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--latency-warmup-seconds", defaultValue = "10",
            description = "Seconds sent at --rate before latencies are recorded (default: ${DEFAULT-VALUE}).")
    int latencyWarmupSeconds;

    @Option(names = "--latency-seconds", defaultValue = "60",
            description = "Seconds at --rate whose latencies are recorded (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--idle-connections", defaultValue = "1000",
            description = "Plain TCP connections held open by the idle workload (default: ${DEFAULT-VALUE}).")
    int idleConnections;

    @Option(names = "--queue-records", defaultValue = "100000",
            description = "Messages of each queue, fanout and selector run (default: ${DEFAULT-VALUE}).")
    long queueRecords;

    @Option(names = "--consumers", split = ",", defaultValue = "1,4,16",
            description = "Consumer counts of the queue workload (default: ${DEFAULT-VALUE}).")
    List<Integer> consumers;

    @Option(names = "--ack", split = ",", defaultValue = "each,batch",
            description = "Acknowledgement modes of the queue workload: each (one stored acknowledgement per "
                    + "message), batch (one per --ack-batch messages) (default: ${DEFAULT-VALUE}).")
    List<String> ackModes;

    @Option(names = "--ack-batch", defaultValue = "100",
            description = "Messages per acknowledgement in batch mode, in the fanout and selector workloads, and in "
                    + "the jms workload's CLIENT_ACKNOWLEDGE row (default: ${DEFAULT-VALUE}).")
    int ackBatch;

    @Option(names = "--queue-rate", defaultValue = "1000",
            description = "Messages per second sent during the queue workload's latency runs (default: ${DEFAULT-VALUE}).")
    int queueRate;

    @Option(names = "--queue-latency-warmup-seconds", defaultValue = "5",
            description = "Seconds sent at --queue-rate before queue latencies are recorded (default: ${DEFAULT-VALUE}).")
    int queueLatencyWarmupSeconds;

    @Option(names = "--queue-latency-seconds", defaultValue = "30",
            description = "Seconds at --queue-rate whose queue latencies are recorded (default: ${DEFAULT-VALUE}).")
    int queueLatencySeconds;

    @Option(names = "--subscriptions", split = ",", defaultValue = "1,10,100",
            description = "Durable subscription counts of the fanout workload (default: ${DEFAULT-VALUE}).")
    List<Integer> subscriptions;

    @Option(names = "--txn-batch", split = ",", defaultValue = "1,10,100,1000",
            description = "Records per transaction of the txn workload, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> txnBatches;

    @Option(names = "--txn-records", defaultValue = "20000",
            description = "Records of each txn run (default: ${DEFAULT-VALUE}).")
    long txnRecords;

    @Option(names = "--txn-forward-batch", defaultValue = "100",
            description = "Messages per transaction of the txn workload's queue-to-topic run (consume-transform-produce); "
                    + "0 skips it (default: ${DEFAULT-VALUE}).")
    int txnForwardBatch;

    @Option(names = "--jms-records", defaultValue = "20000",
            description = "Messages of each jms send and receive run (default: ${DEFAULT-VALUE}).")
    long jmsRecords;

    @Option(names = "--jms-record-sizes", split = ",", defaultValue = "100,1024",
            description = "Body sizes in bytes of the jms workload, all its rows for each (default: ${DEFAULT-VALUE}).")
    List<Integer> jmsRecordSizes;

    @Option(names = "--jms-producers", defaultValue = "8",
            description = "Producers (threads and connections) of the jms workload's multi-producer PERSISTENT send row "
                    + "(default: ${DEFAULT-VALUE}).")
    int jmsProducers;

    @Option(names = "--jms-warmup-records", defaultValue = "100000",
            description = "Messages sent and received (AUTO_ACKNOWLEDGE, then CLIENT_ACKNOWLEDGE) on a queue of its "
                    + "own before the jms workload's measured runs, to warm up broker and client; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    long jmsWarmupRecords;

    @Option(names = "--jms-commit-every", defaultValue = "100",
            description = "Messages per commit of the jms workload's transacted send row (default: ${DEFAULT-VALUE}).")
    int jmsCommitEvery;

    @Option(names = "--jms-rate", defaultValue = "10000",
            description = "Messages per second sent during the jms latency runs (default: ${DEFAULT-VALUE}).")
    int jmsRate;

    @Option(names = "--jms-latency-warmup-seconds", defaultValue = "5",
            description = "Seconds sent at --jms-rate before jms latencies are recorded (default: ${DEFAULT-VALUE}).")
    int jmsLatencyWarmupSeconds;

    @Option(names = "--jms-latency-seconds", defaultValue = "30",
            description = "Seconds at --jms-rate whose jms latencies are recorded (default: ${DEFAULT-VALUE}).")
    int jmsLatencySeconds;

    @Option(names = "--heap", defaultValue = "1g",
            description = "-Xms and -Xmx of every broker JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--batch-size", defaultValue = "16384",
            description = "batch.size of the Partita and Kafka producers (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--linger-ms", defaultValue = "5",
            description = "linger.ms of the Partita and Kafka producers (default: ${DEFAULT-VALUE}).")
    long lingerMs;

    @Option(names = "--acks", defaultValue = "all",
            description = "acks of the Partita and Kafka producers of the produce, consume and latency workloads: 1 or all "
                    + "(default: ${DEFAULT-VALUE}); transactional producers always use all.")
    String acks;

    @Option(names = "--buffer-memory", defaultValue = "33554432",
            description = "Bytes of unacknowledged records a producer may hold, for every system (default: ${DEFAULT-VALUE}).")
    long bufferMemory;

    @Option(names = "--artemis-journal", defaultValue = "ASYNCIO",
            description = "Artemis journal type: ASYNCIO (falls back to NIO without libaio), NIO or MAPPED "
                    + "(default: ${DEFAULT-VALUE}).")
    String artemisJournal;

    @Option(names = "--partita-classpath", defaultValue = "broker/server/target/partita.jar",
            description = "The shaded Partita broker jar, or any classpath holding it (default: ${DEFAULT-VALUE}).")
    String partitaClasspath;

    @Option(names = "--kafka-lib", defaultValue = "benchmarks/target/kafka-lib",
            description = "Directory of Kafka's jars (default: ${DEFAULT-VALUE}).")
    Path kafkaLib;

    @Option(names = "--artemis-lib", defaultValue = "benchmarks/target/artemis-lib",
            description = "Directory of Artemis' server jars (default: ${DEFAULT-VALUE}).")
    Path artemisLib;

    @Option(names = "--work-dir",
            description = "Where each broker's data directory is made (default: a new directory under java.io.tmpdir).")
    Path workDir;

    @Option(names = "--keep-data", description = "Keep the brokers' data and logs after the run.")
    boolean keepData;

    @Option(names = "--timeout-seconds", defaultValue = "120",
            description = "How long a broker may take to start, and a workload may go without progress, before the "
                    + "run of that system fails (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The clients' INFO logging (slf4j-simple, stderr) would bury the progress lines.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        validate();
        ProducerSettings producer = new ProducerSettings(batchSize, lingerMs, bufferMemory, acks);
        List<BrokerSystem> chosen = new ArrayList<>();
        for (String s : new LinkedHashSet<>(systems)) {
            chosen.add(system(s, producer));
        }
        Set<String> chosenWorkloads = new LinkedHashSet<>(workloads);
        JvmSettings jvm = new JvmSettings(heap, absoluteClasspath(partitaClasspath), kafkaLib.toAbsolutePath(),
                artemisLib.toAbsolutePath(), Duration.ofSeconds(timeoutSeconds));
        Path root = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("partita-load");
        PrintWriter err = spec.commandLine().getErr();
        ResultTable table = new ResultTable();
        List<String> failed = new ArrayList<>();
        declareQueueRows(table, chosenWorkloads);
        declareTxnAndJmsRows(table, chosenWorkloads);
        for (BrokerSystem system : chosen) {
            table.note(system.name(), system.durability());
            Path dir = Files.createDirectories(root.resolve(system.name()));
            try {
                run(system, dir, jvm, chosenWorkloads, table, err);
            } catch (Exception e) {
                failed.add(system.name());
                err.println(system.name() + ": FAILED: " + e);
                e.printStackTrace(err);
                err.flush();
            } finally {
                if (!keepData) {
                    deleteTree(dir);
                }
            }
        }
        if (!keepData && workDir == null) {
            deleteTree(root);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%,d records of %,d bytes, %d partition(s); latency at %,d records/s for %d s after %d s; "
                        + "%,d idle connections; broker heap -Xms/-Xmx %s%n", records, recordSize, partitions, rate,
                latencySeconds, latencyWarmupSeconds, idleConnections, heap);
        if (chosenWorkloads.stream().anyMatch(QUEUE_WORKLOADS::contains)) {
            out.printf("queue, fanout, selector: %,d messages per run; queue latency at %,d messages/s for %d s after "
                            + "%d s; batch acknowledgements every %,d messages%n", queueRecords, queueRate,
                    queueLatencySeconds, queueLatencyWarmupSeconds, ackBatch);
        }
        if (chosenWorkloads.contains("txn")) {
            out.printf("txn: %,d records of %,d bytes per run, commits every %s records; queue to topic every %,d%n",
                    txnRecords, recordSize, txnBatches.stream().map(String::valueOf).collect(
                            java.util.stream.Collectors.joining(", ")), txnForwardBatch);
        }
        if (chosenWorkloads.contains("jms")) {
            out.printf("jms: %,d messages per run; %d producers; transacted commits every %,d; CLIENT_ACKNOWLEDGE every "
                            + "%,d; latency at %,d messages/s for %d s after %d s%n", jmsRecords, jmsProducers,
                    jmsCommitEvery, ackBatch, jmsRate, jmsLatencySeconds, jmsLatencyWarmupSeconds);
        }
        out.println();
        table.print(out);
        if (!failed.isEmpty()) {
            out.println();
            out.println("FAILED: " + String.join(", ", failed) + " (see the errors above)");
            out.flush();
            return 1;
        }
        return 0;
    }

    private void run(BrokerSystem system, Path dir, JvmSettings jvm, Set<String> chosen, ResultTable table,
            PrintWriter err) throws Exception {
        String name = system.name();
        progress(err, name, "starting in " + dir);
        try (RunningBroker broker = system.start(dir, jvm)) {
            progress(err, name, "broker pid " + broker.process().pid() + " on port " + broker.process().port());
            Workloads w = new Workloads(broker, recordSize, bufferMemory, Duration.ofSeconds(timeoutSeconds));
            if (chosen.contains("produce") || chosen.contains("consume")) {
                broker.createDestination(THROUGHPUT_DESTINATION, partitions);
                progress(err, name, "produce " + records + " records");
                Workloads.Throughput p = w.produce(THROUGHPUT_DESTINATION, records);
                if (chosen.contains("produce")) {
                    table.put(name, Row.PRODUCE_RECORDS, p.recordsPerSecond());
                    table.put(name, Row.PRODUCE_MB, p.recordsPerSecond() * recordSize / Workloads.MB);
                }
                if (chosen.contains("consume")) {
                    progress(err, name, "consume " + records + " records");
                    Workloads.Throughput c = w.consume(THROUGHPUT_DESTINATION, partitions, records);
                    table.put(name, Row.CONSUME_RECORDS, c.recordsPerSecond());
                    table.put(name, Row.CONSUME_MB, c.recordsPerSecond() * recordSize / Workloads.MB);
                }
            }
            if (chosen.contains("latency")) {
                broker.createDestination(LATENCY_DESTINATION, partitions);
                progress(err, name, "latency at " + rate + " records/s for " + latencyWarmupSeconds + " + "
                        + latencySeconds + " s");
                Histogram h = w.latency(LATENCY_DESTINATION, partitions, rate, Duration.ofSeconds(latencyWarmupSeconds),
                        Duration.ofSeconds(latencySeconds));
                table.put(name, Row.LATENCY_P50, h.getValueAtPercentile(50) / 1e6);
                table.put(name, Row.LATENCY_P99, h.getValueAtPercentile(99) / 1e6);
                table.put(name, Row.LATENCY_MAX, h.getMaxValue() / 1e6);
            }
            long pid = broker.process().pid();
            table.put(name, Row.HEAP_USED, ProcessMemory.heapUsedBytes(pid) / (double) (1 << 20));
            table.put(name, Row.RSS, ProcessMemory.rssBytes(pid) / (double) (1 << 20));
            ProcessMemory.fullGc(pid);
            table.put(name, Row.HEAP_LIVE, ProcessMemory.heapUsedBytes(pid) / (double) (1 << 20));
            if (chosen.contains("idle")) {
                progress(err, name, idleConnections + " idle connections");
                Workloads.IdleMemory m = w.idleConnections(idleConnections);
                table.put(name, Row.IDLE_CONNECTIONS, m.connections());
                table.put(name, Row.IDLE_RSS_PER_CONNECTION, m.rssPerConnection() / 1024);
                table.put(name, Row.IDLE_HEAP_PER_CONNECTION, m.heapPerConnection() / 1024);
            }
            List<String> notes = new ArrayList<>();
            if (chosen.stream().anyMatch(QUEUE_WORKLOADS::contains)) {
                QueueBroker queues = broker.queues();
                if (queues == null) {
                    notes.add("No queues or topic subscriptions: the queue, fanout and selector cells are empty");
                } else {
                    runQueueWorkloads(name, queues, chosen, table, err);
                }
            }
            if (chosen.contains("txn")) {
                notes.add("txn: " + system.commitDurability());
                runTxnWorkload(name, broker, table, err, notes);
            }
            if (chosen.contains("jms")) {
                if (broker.jmsConnectionFactory() == null) {
                    notes.add("No Jakarta Messaging client: the jms cells are empty");
                } else {
                    runJmsWorkload(name, broker, table, err);
                }
            }
            if (!notes.isEmpty()) {
                table.note(name, system.durability() + ". " + String.join(". ", notes));
            }
            progress(err, name, "stopping");
        }
    }

    private void declareQueueRows(ResultTable table, Set<String> chosen) {
        if (chosen.contains("queue")) {
            for (int c : consumers) {
                for (String ack : new LinkedHashSet<>(ackModes)) {
                    table.declare(queueLabel(c, ack, "records/s"), "%,.0f");
                    table.declare(queueLabel(c, ack, "latency p50 ms"), "%,.2f");
                    table.declare(queueLabel(c, ack, "latency p99 ms"), "%,.2f");
                }
            }
        }
        if (chosen.contains("fanout")) {
            for (int s : subscriptions) {
                table.declare(fanoutLabel(s, "publish records/s"), "%,.0f");
                table.declare(fanoutLabel(s, "delivered records/s, all subscriptions"), "%,.0f");
            }
        }
        if (chosen.contains("selector")) {
            table.declare(SELECTOR_NONE, "%,.0f");
            table.declare(SELECTOR_WITH, "%,.0f");
            table.declare(SELECTOR_MATCHED, "%,.0f");
        }
    }

    private void declareTxnAndJmsRows(ResultTable table, Set<String> chosen) {
        if (chosen.contains("txn")) {
            for (int n : new LinkedHashSet<>(txnBatches)) {
                table.declare(txnLabel(n, "records/s"), "%,.0f");
                table.declare(txnLabel(n, "commit p50 ms"), "%,.2f");
                table.declare(txnLabel(n, "commit p99 ms"), "%,.2f");
            }
            if (txnForwardBatch > 0) {
                table.declare(txnForwardLabel(txnForwardBatch, "records/s"), "%,.0f");
                table.declare(txnForwardLabel(txnForwardBatch, "commit p50 ms"), "%,.2f");
                table.declare(txnForwardLabel(txnForwardBatch, "commit p99 ms"), "%,.2f");
            }
        }
        if (chosen.contains("jms")) {
            for (int size : new LinkedHashSet<>(jmsRecordSizes)) {
                for (String row : jmsRows()) {
                    table.declare(jmsLabel(size, row), row.endsWith(" ms") ? "%,.2f" : "%,.0f");
                }
            }
        }
    }

    static String txnLabel(int batch, String what) {
        return "txn commit every " + batch + ": " + what;
    }

    static String txnForwardLabel(int batch, String what) {
        return "txn queue to topic, commit every " + batch + ": " + what;
    }

    static String jmsLabel(int size, String what) {
        return "jms " + size + " B: " + what;
    }

    /** The jms workload's rows for one body size, in order. */
    List<String> jmsRows() {
        return List.of(JMS_PERSISTENT_1, jmsPersistentN(jmsProducers), JMS_NON_PERSISTENT, JMS_ASYNC,
                jmsTransacted(jmsCommitEvery), JMS_AUTO_ACK, jmsClientAck(ackBatch), JMS_LATENCY_P50, JMS_LATENCY_P99);
    }

    static final String JMS_PERSISTENT_1 = "PERSISTENT send, 1 producer, msgs/s";
    static final String JMS_NON_PERSISTENT = "NON_PERSISTENT send, msgs/s";
    static final String JMS_ASYNC = "PERSISTENT async send (CompletionListener), msgs/s";
    static final String JMS_AUTO_ACK = "receive AUTO_ACKNOWLEDGE, msgs/s";
    static final String JMS_LATENCY_P50 = "end-to-end latency p50 ms";
    static final String JMS_LATENCY_P99 = "end-to-end latency p99 ms";

    static String jmsPersistentN(int producers) {
        return "PERSISTENT send, " + producers + " producers, msgs/s";
    }

    static String jmsTransacted(int every) {
        return "transacted send, commit every " + every + ", msgs/s";
    }

    static String jmsClientAck(int every) {
        return "receive CLIENT_ACKNOWLEDGE, acknowledge every " + every + ", msgs/s";
    }

    private void runTxnWorkload(String name, RunningBroker broker, ResultTable table, PrintWriter err,
            List<String> notes) throws Exception {
        TxnWorkloads t = new TxnWorkloads(broker, recordSize, partitions, bufferMemory,
                Duration.ofSeconds(timeoutSeconds));
        for (int n : new LinkedHashSet<>(txnBatches)) {
            progress(err, name, "txn: " + txnRecords + " records, commit every " + n);
            TxnWorkloads.Result r = t.produce("load-txn-" + n, n, txnRecords);
            putTxn(table, name, txnLabel(n, ""), r);
        }
        if (txnForwardBatch > 0) {
            progress(err, name, "txn: " + txnRecords + " messages from a queue to a topic, commit every "
                    + txnForwardBatch);
            TxnWorkloads.Result r = t.forward("load-txn-in", "load-txn-out", txnForwardBatch, txnRecords);
            if (r == null) {
                notes.add("No queue whose acceptance joins a transaction: the txn queue-to-topic cells are empty");
            } else {
                putTxn(table, name, txnForwardLabel(txnForwardBatch, ""), r);
            }
        }
    }

    private static void putTxn(ResultTable table, String name, String prefix, TxnWorkloads.Result r) {
        table.put(name, prefix + "records/s", "%,.0f", r.recordsPerSecond());
        table.put(name, prefix + "commit p50 ms", "%,.2f", r.commitNanos().getValueAtPercentile(50) / 1e6);
        table.put(name, prefix + "commit p99 ms", "%,.2f", r.commitNanos().getValueAtPercentile(99) / 1e6);
    }

    private void runJmsWorkload(String name, RunningBroker broker, ResultTable table, PrintWriter err)
            throws Exception {
        QueueBroker queues = broker.queues();
        JmsWorkloads j = new JmsWorkloads(broker.jmsConnectionFactory(), bufferMemory,
                Duration.ofSeconds(timeoutSeconds), ackBatch);
        if (jmsWarmupRecords > 0) {
            int size = jmsRecordSizes.get(0);
            String q = "load-jms-warmup";
            queues.createQueue(q, partitions);
            progress(err, name, "jms warm-up: " + jmsWarmupRecords + " messages of " + size
                    + " B sent and received twice (not measured)");
            j.sendAsync(q, jmsWarmupRecords, size);
            j.consume(q, jmsWarmupRecords, size, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            j.sendAsync(q, jmsWarmupRecords, size);
            j.consume(q, jmsWarmupRecords, size, jakarta.jms.Session.CLIENT_ACKNOWLEDGE);
        }
        for (int size : new LinkedHashSet<>(jmsRecordSizes)) {
            String q = "load-jms-" + size + "-";
            for (String suffix : List.of("persistent-1", "persistent-n", "non-persistent", "async", "transacted",
                    "latency")) {
                queues.createQueue(q + suffix, partitions);
            }
            progress(err, name, "jms " + size + " B: " + jmsRecords + " PERSISTENT sends, 1 producer");
            table.put(name, jmsLabel(size, JMS_PERSISTENT_1), "%,.0f",
                    j.send(q + "persistent-1", 1, jakarta.jms.DeliveryMode.PERSISTENT, jmsRecords, size));
            progress(err, name, "jms " + size + " B: receive them, AUTO_ACKNOWLEDGE");
            table.put(name, jmsLabel(size, JMS_AUTO_ACK), "%,.0f",
                    j.consume(q + "persistent-1", jmsRecords, size, jakarta.jms.Session.AUTO_ACKNOWLEDGE));
            progress(err, name, "jms " + size + " B: " + jmsRecords + " PERSISTENT sends, " + jmsProducers
                    + " producers");
            table.put(name, jmsLabel(size, jmsPersistentN(jmsProducers)), "%,.0f",
                    j.send(q + "persistent-n", jmsProducers, jakarta.jms.DeliveryMode.PERSISTENT, jmsRecords, size));
            j.drain(q + "persistent-n", jmsRecords, size);
            progress(err, name, "jms " + size + " B: " + jmsRecords + " NON_PERSISTENT sends");
            table.put(name, jmsLabel(size, JMS_NON_PERSISTENT), "%,.0f",
                    j.send(q + "non-persistent", 1, jakarta.jms.DeliveryMode.NON_PERSISTENT, jmsRecords, size));
            j.drain(q + "non-persistent", jmsRecords, size);
            progress(err, name, "jms " + size + " B: " + jmsRecords + " asynchronous PERSISTENT sends");
            table.put(name, jmsLabel(size, JMS_ASYNC), "%,.0f", j.sendAsync(q + "async", jmsRecords, size));
            progress(err, name, "jms " + size + " B: receive them, CLIENT_ACKNOWLEDGE");
            table.put(name, jmsLabel(size, jmsClientAck(ackBatch)), "%,.0f",
                    j.consume(q + "async", jmsRecords, size, jakarta.jms.Session.CLIENT_ACKNOWLEDGE));
            progress(err, name, "jms " + size + " B: " + jmsRecords + " transacted sends, commit every "
                    + jmsCommitEvery);
            table.put(name, jmsLabel(size, jmsTransacted(jmsCommitEvery)), "%,.0f",
                    j.sendTransacted(q + "transacted", jmsRecords, size, jmsCommitEvery));
            j.drain(q + "transacted", jmsRecords, size);
            progress(err, name, "jms " + size + " B: latency at " + jmsRate + " messages/s for "
                    + jmsLatencyWarmupSeconds + " + " + jmsLatencySeconds + " s");
            Histogram h = j.latency(q + "latency", jmsRate, Duration.ofSeconds(jmsLatencyWarmupSeconds),
                    Duration.ofSeconds(jmsLatencySeconds), size);
            table.put(name, jmsLabel(size, JMS_LATENCY_P50), "%,.2f", h.getValueAtPercentile(50) / 1e6);
            table.put(name, jmsLabel(size, JMS_LATENCY_P99), "%,.2f", h.getValueAtPercentile(99) / 1e6);
        }
    }

    static final String SELECTOR_NONE = "selector: queue, 2 consumers without selector, records/s";
    static final String SELECTOR_WITH = "selector: queue, consumers with '" + Payload.SELECTOR + "' and '"
            + Payload.COMPLEMENT_SELECTOR + "', records/s";
    static final String SELECTOR_MATCHED = "selector: records/s to the consumer with '" + Payload.SELECTOR + "'";

    static String queueLabel(int consumers, String ack, String what) {
        return "queue " + consumers + " consumer" + (consumers == 1 ? "" : "s") + ", ack " + ack + ": " + what;
    }

    static String fanoutLabel(int subscriptions, String what) {
        return "fanout " + subscriptions + " subscription" + (subscriptions == 1 ? "" : "s") + ": " + what;
    }

    private void runQueueWorkloads(String name, QueueBroker queues, Set<String> chosen, ResultTable table,
            PrintWriter err) throws Exception {
        QueueWorkloads q = new QueueWorkloads(queues, recordSize, bufferMemory, Duration.ofSeconds(timeoutSeconds),
                ackBatch);
        if (chosen.contains("queue")) {
            for (int c : consumers) {
                for (String label : new LinkedHashSet<>(ackModes)) {
                    AckMode ack = AckMode.parse(label);
                    progress(err, name, "queue: " + queueRecords + " messages, " + c + " consumer(s), ack " + label);
                    table.put(name, queueLabel(c, label, "records/s"), "%,.0f", q.queueThroughput(
                            "load-queue-" + c + "-" + label, partitions, c, ack, queueRecords));
                    progress(err, name, "queue latency at " + queueRate + " messages/s for " + queueLatencyWarmupSeconds
                            + " + " + queueLatencySeconds + " s, " + c + " consumer(s), ack " + label);
                    Histogram h = q.queueLatency("load-queue-latency-" + c + "-" + label, partitions, c, ack, queueRate,
                            Duration.ofSeconds(queueLatencyWarmupSeconds), Duration.ofSeconds(queueLatencySeconds));
                    table.put(name, queueLabel(c, label, "latency p50 ms"), "%,.2f", h.getValueAtPercentile(50) / 1e6);
                    table.put(name, queueLabel(c, label, "latency p99 ms"), "%,.2f", h.getValueAtPercentile(99) / 1e6);
                }
            }
        }
        if (chosen.contains("fanout")) {
            for (int s : subscriptions) {
                progress(err, name, "fanout: " + queueRecords + " messages to " + s + " durable subscription(s)");
                QueueWorkloads.Fanout f = q.fanout("load-fanout-" + s, partitions, s, queueRecords);
                table.put(name, fanoutLabel(s, "publish records/s"), "%,.0f", f.publishedPerSecond());
                table.put(name, fanoutLabel(s, "delivered records/s, all subscriptions"), "%,.0f",
                        f.deliveredPerSecond());
            }
        }
        if (chosen.contains("selector")) {
            progress(err, name, "selector: 2 queues of " + queueRecords + " messages, without and with selectors");
            QueueWorkloads.SelectorCost c = q.selector("load-selector-none", "load-selector", partitions, queueRecords);
            table.put(name, SELECTOR_NONE, "%,.0f", c.withoutSelector());
            table.put(name, SELECTOR_WITH, "%,.0f", c.withSelector());
            table.put(name, SELECTOR_MATCHED, "%,.0f", c.matchedPerSecond());
        }
    }

    private BrokerSystem system(String name, ProducerSettings producer) {
        return switch (name) {
            case "partita" -> new PartitaSystem(name, "group-commit", producer);
            case "partita-os" -> new PartitaSystem(name, "os", producer);
            case "kafka" -> new KafkaSystem(name, false, producer);
            case "kafka-fsync" -> new KafkaSystem(name, true, producer);
            case "artemis" -> new ArtemisSystem(name, artemisJournal);
            default -> throw new ParameterException(spec.commandLine(), "unknown system '" + name
                    + "' in --systems; known: partita, partita-os, kafka, kafka-fsync, artemis");
        };
    }

    private void validate() {
        for (String w : workloads) {
            if (!ALL_WORKLOADS.contains(w)) {
                throw new ParameterException(spec.commandLine(), "unknown workload '" + w + "' in --workloads; known: "
                        + String.join(", ", ALL_WORKLOADS));
            }
        }
        for (String a : ackModes) {
            if (AckMode.parse(a) == null) {
                throw new ParameterException(spec.commandLine(), "unknown acknowledgement mode '" + a
                        + "' in --ack; known: each, batch");
            }
        }
        for (int c : consumers) {
            positive("--consumers", c);
        }
        for (int sub : subscriptions) {
            positive("--subscriptions", sub);
        }
        for (int n : txnBatches) {
            positive("--txn-batch", n);
        }
        for (int size : jmsRecordSizes) {
            if (size < Payload.MIN_SIZE) {
                throw new ParameterException(spec.commandLine(), "--jms-record-sizes " + size + " is below "
                        + Payload.MIN_SIZE + " (each body starts with two longs)");
            }
        }
        if (!acks.equals("1") && !acks.equals("all")) {
            throw new ParameterException(spec.commandLine(), "--acks " + acks + " is neither 1 nor all");
        }
        positive("--txn-records", txnRecords);
        if (txnForwardBatch < 0) {
            throw new ParameterException(spec.commandLine(), "--txn-forward-batch " + txnForwardBatch + " is negative");
        }
        positive("--jms-records", jmsRecords);
        positive("--jms-producers", jmsProducers);
        positive("--jms-commit-every", jmsCommitEvery);
        positive("--jms-rate", jmsRate);
        positive("--jms-latency-seconds", jmsLatencySeconds);
        if (jmsLatencyWarmupSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--jms-latency-warmup-seconds "
                    + jmsLatencyWarmupSeconds + " is negative");
        }
        positive("--queue-records", queueRecords);
        positive("--ack-batch", ackBatch);
        positive("--queue-rate", queueRate);
        positive("--queue-latency-seconds", queueLatencySeconds);
        if (queueLatencyWarmupSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--queue-latency-warmup-seconds "
                    + queueLatencyWarmupSeconds + " is negative");
        }
        if (!List.of("ASYNCIO", "NIO", "MAPPED").contains(artemisJournal)) {
            throw new ParameterException(spec.commandLine(), "--artemis-journal " + artemisJournal
                    + " is not one of ASYNCIO, NIO, MAPPED");
        }
        positive("--records", records);
        positive("--partitions", partitions);
        positive("--rate", rate);
        positive("--latency-seconds", latencySeconds);
        positive("--idle-connections", idleConnections);
        positive("--batch-size", batchSize);
        positive("--timeout-seconds", timeoutSeconds);
        if (latencyWarmupSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--latency-warmup-seconds " + latencyWarmupSeconds
                    + " is negative");
        }
        if (recordSize < 16) {
            throw new ParameterException(spec.commandLine(), "--record-size " + recordSize
                    + " is below 16 (the latency workload puts two longs in each value)");
        }
        if (bufferMemory < recordSize) {
            throw new ParameterException(spec.commandLine(), "--buffer-memory " + bufferMemory
                    + " is smaller than one record (" + recordSize + " bytes)");
        }
    }

    private void positive(String option, long value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), option + " " + value + " must be 1 or more");
        }
    }

    /** The classpath with each entry made absolute: brokers run in their own data directories. */
    private static String absoluteClasspath(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void progress(PrintWriter err, String system, String what) {
        err.println(system + ": " + what);
        err.flush();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
