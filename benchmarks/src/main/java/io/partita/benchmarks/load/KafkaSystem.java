package io.partita.benchmarks.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Apache Kafka in KRaft mode, one process acting as broker and controller, started from the
 * Maven Central jars in {@code kafka-lib}: {@code kafka.tools.StorageTool format}, then
 * {@code kafka.Kafka server.properties}. Reached with kafka-clients.
 *
 * @param name        the column name
 * @param fsyncEachWrite true to set {@code log.flush.interval.messages=1} (Kafka's
 *                    {@code flush.messages=1}): fsync after every append, before the acknowledgement
 * @param producer    producer settings shared by every system that has them
 */
record KafkaSystem(String name, boolean fsyncEachWrite, ProducerSettings producer) implements BrokerSystem {

    @Override
    public String durability() {
        return fsyncEachWrite
                ? "acks=" + producer.acks() + "; log.flush.interval.messages=1: every append is fsynced before it is acknowledged"
                : "acks=" + producer.acks() + "; Kafka's default: acknowledged once in the page cache, fsync left to the OS";
    }

    @Override
    public String commitDurability() {
        return "a commit returns once the coordinator has written its decision (PrepareCommit) to "
                + "__transaction_state; the markers are written after the answer"
                + (fsyncEachWrite ? "; every append fsynced" : "; nothing fsynced");
    }

    @Override
    public RunningBroker start(Path dir, JvmSettings jvm) throws Exception {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path config = dir.resolve("server.properties");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0"));
        if (fsyncEachWrite) {
            lines.add("log.flush.interval.messages=1");
        }
        Files.write(config, lines);
        String classpath = JvmSettings.allJars(jvm.kafkaLib());
        List<String> format = jvm.javaCommand(classpath);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString(), "--ignore-formatted"));
        BrokerProcess.runToCompletion("storage-format", format, dir, jvm.startTimeout());
        List<String> cmd = jvm.javaCommand(classpath);
        cmd.addAll(List.of("kafka.Kafka", config.toString()));
        BrokerProcess process = BrokerProcess.start(cmd, dir, port, jvm.startTimeout());
        return new Running(process, "127.0.0.1:" + port, producer);
    }

    private record Running(BrokerProcess process, String bootstrap, ProducerSettings producer) implements RunningBroker {

        @Override
        public void createDestination(String name, int partitions) throws Exception {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
        }

        private Properties producerProps() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, producer.acks());
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, producer.batchSize());
            p.put(ProducerConfig.LINGER_MS_CONFIG, producer.lingerMs());
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, producer.bufferMemory());
            return p;
        }

        @Override
        public TransactionalSender newTransactionalSender(String destination, String transactionalId) {
            Properties p = producerProps();
            p.put(ProducerConfig.ACKS_CONFIG, "all"); // transactions need acks=all whatever --acks says
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            KafkaProducer<byte[], byte[]> client = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer());
            try {
                client.initTransactions();
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            AtomicReference<Exception> failure = new AtomicReference<>();
            return new TransactionalSender() {
                @Override
                public void begin() {
                    client.beginTransaction();
                }

                @Override
                public void send(byte[] value) {
                    client.send(new ProducerRecord<>(destination, value), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }

                @Override
                public void commit() throws java.io.IOException {
                    client.commitTransaction();
                    PartitaSystem.throwIfFailed(failure);
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public Sender newSender(String destination) {
            KafkaProducer<byte[], byte[]> client = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            return new Sender() {
                @Override
                public void send(byte[] value, Ack ack) {
                    client.send(new ProducerRecord<>(destination, value), (metadata, e) -> ack.done(e));
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
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaConsumer<byte[], byte[]> client = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(destination, i));
            }
            client.assign(tps);
            client.seekToBeginning(tps);
            return new Receiver() {
                @Override
                public int poll(long timeoutMs, Sink sink) {
                    ConsumerRecords<byte[], byte[]> records = client.poll(Duration.ofMillis(timeoutMs));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        sink.accept(r.value());
                    }
                    return records.count();
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
