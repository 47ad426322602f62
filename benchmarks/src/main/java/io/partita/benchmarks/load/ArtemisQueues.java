package io.partita.benchmarks.load;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Artemis' queues and durable topic subscriptions as the load tool uses them, through its Jakarta
 * Messaging client: PERSISTENT {@link BytesMessage}s with the int property
 * {@link Payload#BUCKET_PROPERTY}, sent asynchronously with a {@link CompletionListener} (confirmed
 * after the journal sync, see {@link ArtemisSystem}); consumers in CLIENT_ACKNOWLEDGE sessions,
 * one connection each, calling {@link Message#acknowledge()} after every message
 * ({@link AckMode#EACH}) or every {@code ackBatch} messages. Artemis' JMS client implements
 * {@code acknowledge()} as a commit of the session's acknowledgements: a blocking round trip that
 * the broker answers after syncing the journal ({@code journal-sync-transactional=true}, the
 * default), so one acknowledge stores every message received since the previous one, as
 * Partita's {@code commitSync} does. Safe for use by several threads (each client it makes is
 * used by one).
 *
 * @param factory the connection factory of {@link ArtemisSystem}
 */
record ArtemisQueues(ActiveMQConnectionFactory factory) implements QueueBroker {

    @Override
    public void createQueue(String name, int partitions) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createQueue(name)).close();
        }
    }

    @Override
    public void createTopic(String name, int partitions) {
        // Artemis creates the multicast address with the first durable subscription.
    }

    @Override
    public MessageSender newSender(String destination, boolean topic) throws JMSException {
        Connection connection = factory.createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination d = topic ? session.createTopic(destination) : session.createQueue(destination);
            MessageProducer producer = session.createProducer(d);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            return new MessageSender() {
                @Override
                public void send(byte[] value, int bucket, Sender.Ack ack) throws JMSException {
                    BytesMessage m = session.createBytesMessage();
                    m.writeBytes(value);
                    m.setIntProperty(Payload.BUCKET_PROPERTY, bucket);
                    producer.send(m, new CompletionListener() {
                        @Override
                        public void onCompletion(Message message) {
                            ack.done(null);
                        }

                        @Override
                        public void onException(Message message, Exception exception) {
                            ack.done(exception);
                        }
                    });
                }

                @Override
                public void close() {
                    closeConnection(connection);
                }
            };
        } catch (JMSException | RuntimeException e) {
            closeConnection(connection);
            throw e;
        }
    }

    @Override
    public MessageReceiver newQueueReceiver(String queue, String selector, AckMode ack, int ackBatch)
            throws JMSException {
        Connection connection = factory.createConnection();
        try {
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
            connection.start();
            return receiver(connection, consumer, ack, ackBatch);
        } catch (JMSException | RuntimeException e) {
            closeConnection(connection);
            throw e;
        }
    }

    @Override
    public MessageReceiver newDurableSubscriber(String topic, String name, AckMode ack, int ackBatch)
            throws JMSException {
        Connection connection = factory.createConnection();
        try {
            connection.setClientID("load-" + name);
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(session.createTopic(topic), name);
            connection.start();
            return receiver(connection, consumer, ack, ackBatch);
        } catch (JMSException | RuntimeException e) {
            closeConnection(connection);
            throw e;
        }
    }

    private static MessageReceiver receiver(Connection connection, MessageConsumer consumer, AckMode ack,
            int ackBatch) {
        int every = ack == AckMode.EACH ? 1 : ackBatch;
        return new MessageReceiver() {
            private static final int MAX_PER_POLL = 500;
            private Message last;
            private int pending;

            @Override
            public int poll(long timeoutMs, Receiver.Sink sink) throws JMSException {
                int n = 0;
                Message m = consumer.receive(timeoutMs);
                while (m != null) {
                    if (m.getJMSRedelivered()) {
                        throw new IllegalStateException("message " + m.getJMSMessageID() + " delivered again");
                    }
                    BytesMessage b = (BytesMessage) m;
                    byte[] value = new byte[(int) b.getBodyLength()];
                    b.readBytes(value);
                    sink.accept(value);
                    last = m;
                    if (++pending >= every) {
                        flush();
                    }
                    if (++n == MAX_PER_POLL) {
                        break;
                    }
                    m = consumer.receiveNoWait();
                }
                return n;
            }

            @Override
            public void flush() throws JMSException {
                if (pending > 0) {
                    last.acknowledge();
                    pending = 0;
                }
            }

            @Override
            public void close() {
                closeConnection(connection);
            }
        };
    }

    private static void closeConnection(Connection connection) {
        try {
            connection.close();
        } catch (JMSException e) {
            throw new IllegalStateException("closing the JMS connection failed", e);
        }
    }
}
