package io.partita.benchmarks.load;

import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareRecord;
import io.partita.client.share.ShareSubscription;
import io.partita.protocol.message.DeliveryMode;
import io.partita.protocol.message.DestinationKind;
import io.partita.protocol.message.EnvelopeWriter;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Partita's queues and subscriptions as the load tool uses them: a queue is a topic consumed by
 * the share group {@code queue:<name>} ({@link ShareSubscription#queue}), a durable subscription
 * is {@link ShareSubscription#durable} with client id {@code load-<name>}. Messages are records
 * with a JMS envelope (PERSISTENT, the destination, the bucket property) as Partita's JMS provider
 * sends them. A consumer accepts every record and calls {@code commitSync} after each
 * ({@link AckMode#EACH}) or every {@code ackBatch} records. Immutable.
 *
 * @param bootstrap the broker's {@code host:port}
 * @param producer  producer settings shared by every system that has them
 */
record PartitaQueues(String bootstrap, ProducerSettings producer) implements QueueBroker {

    private Properties props() {
        Properties p = new Properties();
        p.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
        return p;
    }

    @Override
    public void createQueue(String name, int partitions) throws Exception {
        createTopic(name, partitions);
    }

    @Override
    public void createTopic(String name, int partitions) throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            admin.createTopics(List.of(new NewTopic(name, partitions))).get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public MessageSender newSender(String destination, boolean topic) {
        Properties p = props();
        p.put(ProducerConfig.ACKS, "all");
        p.put(ProducerConfig.BATCH_SIZE, Integer.toString(producer.batchSize()));
        p.put(ProducerConfig.LINGER_MS, Long.toString(producer.lingerMs()));
        p.put(ProducerConfig.BUFFER_MEMORY, Long.toString(producer.bufferMemory()));
        PartitaProducer client = new PartitaProducer(p);
        EnvelopeWriter envelope = new EnvelopeWriter();
        DestinationKind kind = topic ? DestinationKind.TOPIC : DestinationKind.QUEUE;
        return new MessageSender() {
            @Override
            public void send(byte[] value, int bucket, Sender.Ack ack) {
                byte[] header = envelope.reset().deliveryMode(DeliveryMode.PERSISTENT).destination(kind, destination)
                        .timestamp(System.currentTimeMillis()).intProperty(Payload.BUCKET_PROPERTY, bucket)
                        .toByteArray();
                client.send(new ProducerRecord(destination, null, null, null, value,
                        List.of(Header.of(MessageEnvelope.HEADER_KEY, header))), (metadata, e) -> ack.done(e));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    @Override
    public MessageReceiver newQueueReceiver(String queue, String selector, AckMode ack, int ackBatch) {
        return receiver(ShareSubscription.queue(queue, selector), ack, ackBatch);
    }

    @Override
    public MessageReceiver newDurableSubscriber(String topic, String name, AckMode ack, int ackBatch) {
        return receiver(ShareSubscription.durable("load-" + name, name, topic, null), ack, ackBatch);
    }

    private MessageReceiver receiver(ShareSubscription subscription, AckMode ack, int ackBatch) {
        PartitaShareConsumer client = new PartitaShareConsumer(props());
        try {
            client.subscribe(subscription);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        int every = ack == AckMode.EACH ? 1 : ackBatch;
        return new MessageReceiver() {
            private int pending;

            @Override
            public int poll(long timeoutMs, Receiver.Sink sink) {
                List<ShareRecord> records = client.poll(Duration.ofMillis(timeoutMs));
                for (ShareRecord r : records) {
                    if (r.deliveryCount() != 1) {
                        throw new IllegalStateException(r + " delivered again: a lock expired or a commit was lost");
                    }
                    sink.accept(r.value());
                    client.acknowledge(r);
                    if (++pending >= every) {
                        flush();
                    }
                }
                return records.size();
            }

            @Override
            public void flush() {
                if (pending > 0) {
                    client.commitSync();
                    pending = 0;
                }
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
