package io.partita.benchmarks.load;

import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareConsumerConfig;
import io.partita.client.share.ShareRecord;
import io.partita.client.share.ShareSubscription;
import io.partita.jms.PartitaConnectionFactory;
import io.partita.protocol.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Partita: {@code io.partita.broker.cli.PartitaCommand server --config server.properties} in its
 * own JVM, reached with partita-client.
 *
 * @param name      the column name
 * @param flushMode the broker's {@code log.flush.mode}: {@code group-commit} (acknowledge after
 *                  fsync) or {@code os} (leave flushing to the page cache)
 * @param producer  producer settings shared by every system that has them
 */
record PartitaSystem(String name, String flushMode, ProducerSettings producer) implements BrokerSystem {

    @Override
    public String durability() {
        return flushMode.equals("os")
                ? "acks=" + producer.acks() + "; log.flush.mode=os: acknowledged once in the page cache, fsync left to the OS (as Kafka's default)"
                : "acks=" + producer.acks() + "; log.flush.mode=group-commit: acknowledged after an fsync shared by the appends waiting for it";
    }

    @Override
    public String commitDurability() {
        return "a commit returns once the coordinator has logged its decision in __transaction_state (always "
                + "fsynced), written the markers (log.flush.mode=" + flushMode + ") and logged the completion";
    }

    @Override
    public RunningBroker start(Path dir, JvmSettings jvm) throws Exception {
        int port = FreePorts.next();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "listeners=PLAINTEXT://127.0.0.1:" + port,
                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                "log.flush.mode=" + flushMode,
                ""));
        List<String> cmd = jvm.javaCommand(jvm.partitaClasspath());
        cmd.addAll(List.of("io.partita.broker.cli.PartitaCommand", "server", "--config", config.toString()));
        BrokerProcess process = BrokerProcess.start(cmd, dir, port, jvm.startTimeout());
        return new Running(process, "127.0.0.1:" + port, producer);
    }

    private record Running(BrokerProcess process, String bootstrap, ProducerSettings producer) implements RunningBroker {

        private Properties props() {
            Properties p = new Properties();
            p.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
            return p;
        }

        @Override
        public void createDestination(String name, int partitions) throws Exception {
            try (PartitaAdmin admin = new PartitaAdmin(props())) {
                admin.createTopics(List.of(new NewTopic(name, partitions))).get(60, TimeUnit.SECONDS);
            }
        }

        private Properties producerProps() {
            Properties p = props();
            p.put(ProducerConfig.ACKS, producer.acks());
            p.put(ProducerConfig.BATCH_SIZE, Integer.toString(producer.batchSize()));
            p.put(ProducerConfig.LINGER_MS, Long.toString(producer.lingerMs()));
            p.put(ProducerConfig.BUFFER_MEMORY, Long.toString(producer.bufferMemory()));
            return p;
        }

        /** A producer with {@code transactional.id}, its transactions initialised. */
        private PartitaProducer transactionalProducer(String transactionalId) {
            Properties p = producerProps();
            p.put(ProducerConfig.ACKS, "all"); // transactions need acks=all whatever --acks says
            p.put(ProducerConfig.TRANSACTIONAL_ID, transactionalId);
            PartitaProducer client = new PartitaProducer(p);
            try {
                client.initTransactions();
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            return client;
        }

        @Override
        public TransactionalSender newTransactionalSender(String destination, String transactionalId) {
            PartitaProducer client = transactionalProducer(transactionalId);
            AtomicReference<Exception> failure = new AtomicReference<>();
            return new TransactionalSender() {
                @Override
                public void begin() {
                    client.beginTransaction();
                }

                @Override
                public void send(byte[] value) {
                    client.send(new ProducerRecord(destination, value), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }

                @Override
                public void commit() throws IOException {
                    client.commitTransaction();
                    throwIfFailed(failure);
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public Forwarder newForwarder(String input, String output, int batch) {
            Properties c = props();
            c.put(ShareConsumerConfig.MAX_POLL_RECORDS, Integer.toString(batch));
            PartitaShareConsumer consumer = new PartitaShareConsumer(c);
            PartitaProducer client;
            try {
                consumer.subscribe(ShareSubscription.queue(input, null));
                client = transactionalProducer("load-forward-" + input);
            } catch (RuntimeException e) {
                consumer.close();
                throw e;
            }
            AtomicReference<Exception> failure = new AtomicReference<>();
            return new Forwarder() {
                /** Records acquired by a poll and not forwarded yet (a poll may return more than asked). */
                private final ArrayDeque<ShareRecord> acquired = new ArrayDeque<>();
                private boolean open;

                @Override
                public int forward(int max, long timeoutMs, Receiver.Sink sink) {
                    if (acquired.isEmpty()) {
                        acquired.addAll(consumer.poll(Duration.ofMillis(timeoutMs)));
                    }
                    int n = 0;
                    while (n < max && !acquired.isEmpty()) {
                        ShareRecord r = acquired.poll();
                        if (r.deliveryCount() != 1) {
                            throw new IllegalStateException(r + " delivered again: a lock expired or a transaction "
                                    + "was aborted");
                        }
                        if (!open) {
                            client.beginTransaction();
                            open = true;
                        }
                        sink.accept(r.value());
                        client.send(new ProducerRecord(output, r.value()), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                        consumer.acknowledge(r);
                        n++;
                    }
                    return n;
                }

                @Override
                public void commit() throws IOException {
                    if (!open) {
                        return;
                    }
                    consumer.commitSync(client.enlistInTransaction());
                    client.commitTransaction();
                    open = false;
                    throwIfFailed(failure);
                }

                @Override
                public void close() {
                    try {
                        consumer.close();
                    } finally {
                        client.close();
                    }
                }
            };
        }

        @Override
        public jakarta.jms.ConnectionFactory jmsConnectionFactory() {
            return new PartitaConnectionFactory("partita://" + bootstrap);
        }

        @Override
        public Sender newSender(String destination) {
            PartitaProducer client = new PartitaProducer(producerProps());
            return new Sender() {
                @Override
                public void send(byte[] value, Ack ack) {
                    client.send(new ProducerRecord(destination, value), (metadata, e) -> ack.done(e));
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public Receiver newReceiver(String destination, int partitions) {
            return receiver(destination, partitions, "read_uncommitted");
        }

        @Override
        public Receiver newCommittedReceiver(String destination, int partitions) {
            return receiver(destination, partitions, "read_committed");
        }

        private Receiver receiver(String destination, int partitions, String isolation) {
            Properties p = props();
            p.put(ConsumerConfig.AUTO_OFFSET_RESET, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL, isolation);
            PartitaConsumer client = new PartitaConsumer(p);
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(destination, i));
            }
            client.assign(tps);
            return new Receiver() {
                @Override
                public int poll(long timeoutMs, Sink sink) {
                    List<ConsumerRecord> records = client.poll(Duration.ofMillis(timeoutMs));
                    for (ConsumerRecord r : records) {
                        sink.accept(r.value());
                    }
                    return records.size();
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public QueueBroker queues() {
            return new PartitaQueues(bootstrap, producer);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Throws (and clears) the first failure a send callback reported. */
    static void throwIfFailed(AtomicReference<Exception> failure) throws IOException {
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new IOException("a send of the committed transaction failed", e);
        }
    }
}
