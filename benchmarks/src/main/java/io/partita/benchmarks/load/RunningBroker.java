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

    /**
     * A transactional producer to {@code destination} (a topic, or a queue).
     *
     * @param transactionalId the producer's transactional id where the system has one
     */
    TransactionalSender newTransactionalSender(String destination, String transactionalId) throws Exception;

    /**
     * A consumer of {@code destination} from its beginning that sees committed transactions only
     * ({@code isolation.level=read_committed} where the system has a choice).
     */
    default Receiver newCommittedReceiver(String destination, int partitions) throws Exception {
        return newReceiver(destination, partitions);
    }

    /**
     * A consume-transform-produce client from queue {@code input} (made with {@link #queues()})
     * to {@code output} (made with {@link #createDestination}), or null when the system has no
     * queue whose acceptance joins a transaction (Kafka).
     *
     * @param batch the most messages one transaction will forward
     */
    default Forwarder newForwarder(String input, String output, int batch) throws Exception {
        return null;
    }

    /** Its Jakarta Messaging connection factory, or null when the system has no JMS client (Kafka). */
    default jakarta.jms.ConnectionFactory jmsConnectionFactory() {
        return null;
    }

    /** Its queues and topic subscriptions, or null when the system has none (Kafka). */
    default QueueBroker queues() {
        return null;
    }

    @Override
    void close();
}
