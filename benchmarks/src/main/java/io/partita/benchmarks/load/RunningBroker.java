package io.partita.benchmarks.load;

/**
 * A broker of one system started by the load tool in its own JVM, with the clients that reach
 * it. {@link #close()} stops the broker's process (and only it).
 */
interface RunningBroker extends AutoCloseable {

    /** The broker JVM's process. */
    BrokerProcess process();

    /** Creates {@code name} (a topic, or a queue) with the given number of partitions where that applies. */
    void createDestination(String name, int partitions) throws Exception;

    /** A producer to {@code destination}. */
    Sender newSender(String destination) throws Exception;

    /** A consumer of {@code destination} from its beginning (all of its partitions). */
    Receiver newReceiver(String destination, int partitions) throws Exception;

    /** Its queues and topic subscriptions, or null when the system has none (Kafka). */
    default QueueBroker queues() {
        return null;
    }

    @Override
    void close();
}
