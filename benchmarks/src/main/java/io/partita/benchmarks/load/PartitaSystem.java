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
import io.partita.protocol.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

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
                ? "acks=all; log.flush.mode=os: acknowledged once in the page cache, fsync left to the OS (as Kafka's default)"
                : "acks=all; log.flush.mode=group-commit: acknowledged after an fsync shared by the appends waiting for it";
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

        @Override
        public Sender newSender(String destination) {
            Properties p = props();
            p.put(ProducerConfig.ACKS, "all");
            p.put(ProducerConfig.BATCH_SIZE, Integer.toString(producer.batchSize()));
            p.put(ProducerConfig.LINGER_MS, Long.toString(producer.lingerMs()));
            p.put(ProducerConfig.BUFFER_MEMORY, Long.toString(producer.bufferMemory()));
            PartitaProducer client = new PartitaProducer(p);
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
            Properties p = props();
            p.put(ConsumerConfig.AUTO_OFFSET_RESET, "earliest");
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

}
