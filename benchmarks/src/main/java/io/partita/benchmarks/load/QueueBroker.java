package io.partita.benchmarks.load;

/**
 * The JMS-style destinations of a system that has them (Partita's share groups and
 * subscriptions, Artemis' queues and topics; Kafka has none): what the queue, fan-out and
 * selector workloads use. Implementations are safe to call from several threads; each sender and
 * receiver they return is used by one thread at a time.
 */
interface QueueBroker {

    /** Creates queue {@code name} (for Partita a topic of {@code partitions} partitions). */
    void createQueue(String name, int partitions) throws Exception;

    /** Creates topic {@code name} (for Partita with {@code partitions} partitions; Artemis makes it on first use). */
    void createTopic(String name, int partitions) throws Exception;

    /**
     * A producer of persistent messages to queue or topic {@code destination}, each carrying the
     * integer property {@link Payload#BUCKET_PROPERTY}.
     */
    MessageSender newSender(String destination, boolean topic) throws Exception;

    /**
     * A consumer of queue {@code queue} with {@code selector} (null for none), acknowledging as
     * {@code ack} says, every {@code ackBatch} messages for {@link AckMode#BATCH}.
     */
    MessageReceiver newQueueReceiver(String queue, String selector, AckMode ack, int ackBatch) throws Exception;

    /**
     * The consumer of durable subscription {@code name} on {@code topic}, created here at the
     * topic's end if it does not exist yet (so it gets every message sent after this returns).
     */
    MessageReceiver newDurableSubscriber(String topic, String name, AckMode ack, int ackBatch) throws Exception;

    /** A producer of messages with the bucket property. */
    interface MessageSender extends AutoCloseable {
        /** Sends {@code value} with property bucket = {@code bucket}; {@code ack} runs once, maybe on a client thread. */
        void send(byte[] value, int bucket, Sender.Ack ack) throws Exception;

        @Override
        void close();
    }

    /** A consumer that acknowledges what it hands out. */
    interface MessageReceiver extends AutoCloseable {
        /**
         * Waits up to {@code timeoutMs} for messages, hands each to {@code sink} and acknowledges
         * it as configured (waiting until the broker has stored the acknowledgement).
         *
         * @return how many messages were handed out
         */
        int poll(long timeoutMs, Receiver.Sink sink) throws Exception;

        /** Stores the acknowledgements of everything handed out that is not acknowledged yet. */
        void flush() throws Exception;

        @Override
        void close();
    }
}
