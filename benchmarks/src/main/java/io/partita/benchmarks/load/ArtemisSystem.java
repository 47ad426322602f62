package io.partita.benchmarks.load;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * ActiveMQ Artemis: {@link ArtemisServerMain} (an embedded broker with a persistent journal) in
 * its own JVM, reached with Artemis' Jakarta Messaging client over the CORE protocol.
 *
 * <p>Why JMS rather than Artemis' core client: the comparison Partita holds itself to is stated
 * for JMS sends, and JMS is how Artemis is used; Artemis' JMS client is a thin layer over the
 * core client in the same JVM. Sends are JMS 2.0 asynchronous sends of PERSISTENT
 * {@link BytesMessage}s with a {@link CompletionListener}, with {@code confirmationWindowSize}
 * set so that the listener runs when the broker confirms the message (after the journal sync),
 * not when it is written to the socket. Receives use AUTO_ACKNOWLEDGE.
 *
 * @param name        the column name
 * @param journalType ASYNCIO (Artemis' default on Linux; it falls back to NIO without libaio),
 *                    NIO or MAPPED
 */
record ArtemisSystem(String name, String journalType) implements BrokerSystem {
    /** Bytes of sent, unconfirmed messages the client keeps for resending after a failover. */
    static final int CONFIRMATION_WINDOW_BYTES = 1 << 20;

    @Override
    public String durability() {
        return "PERSISTENT JMS sends; journal-sync-non-transactional=true (" + journalType
                + " journal): confirmed after the journal write is synced";
    }

    @Override
    public String commitDurability() {
        return "transacted JMS session: a commit returns after the journal sync (journal-sync-transactional=true)";
    }

    @Override
    public RunningBroker start(Path dir, JvmSettings jvm) throws Exception {
        int port = FreePorts.next();
        String self = Path.of(ArtemisServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> cmd = jvm.javaCommand(JvmSettings.allJars(jvm.artemisLib()) + java.io.File.pathSeparator + self);
        cmd.addAll(List.of(ArtemisServerMain.class.getName(), Integer.toString(port),
                dir.resolve("data").toAbsolutePath().toString(), journalType));
        BrokerProcess process = BrokerProcess.start(cmd, dir, port, jvm.startTimeout());
        return new Running(process, new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port
                + "?confirmationWindowSize=" + CONFIRMATION_WINDOW_BYTES));
    }

    private record Running(BrokerProcess process, ActiveMQConnectionFactory factory) implements RunningBroker {

        @Override
        public void createDestination(String name, int partitions) throws JMSException {
            try (Connection c = factory.createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                // Creating a consumer creates the queue (auto-create-queues); it is kept once empty.
                s.createConsumer(s.createQueue(name)).close();
            }
        }

        @Override
        public Sender newSender(String destination) throws JMSException {
            Connection connection = factory.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(destination));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.setDisableMessageTimestamp(false);
            return new Sender() {
                @Override
                public void send(byte[] value, Ack ack) throws JMSException {
                    BytesMessage m = session.createBytesMessage();
                    m.writeBytes(value);
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
        }

        @Override
        public TransactionalSender newTransactionalSender(String destination, String transactionalId)
                throws JMSException {
            Connection connection = factory.createConnection();
            try {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue(destination));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                return new TransactionalSender() {
                    @Override
                    public void begin() {
                        // A transacted session is always in a transaction; commit starts the next.
                    }

                    @Override
                    public void send(byte[] value) throws JMSException {
                        BytesMessage m = session.createBytesMessage();
                        m.writeBytes(value);
                        producer.send(m);
                    }

                    @Override
                    public void commit() throws JMSException {
                        session.commit();
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
        public Forwarder newForwarder(String input, String output, int batch) throws JMSException {
            Connection connection = factory.createConnection();
            try {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(input));
                MessageProducer producer = session.createProducer(session.createQueue(output));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                connection.start();
                return new Forwarder() {
                    @Override
                    public int forward(int max, long timeoutMs, Receiver.Sink sink) throws JMSException {
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
                            BytesMessage copy = session.createBytesMessage();
                            copy.writeBytes(value);
                            producer.send(copy);
                            if (++n == max) {
                                break;
                            }
                            m = consumer.receiveNoWait();
                        }
                        return n;
                    }

                    @Override
                    public void commit() throws JMSException {
                        session.commit();
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
        public jakarta.jms.ConnectionFactory jmsConnectionFactory() {
            return factory;
        }

        @Override
        public Receiver newReceiver(String destination, int partitions) throws JMSException {
            Connection connection = factory.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(destination));
            connection.start();
            return new Receiver() {
                private static final int MAX_PER_POLL = 500;

                @Override
                public int poll(long timeoutMs, Sink sink) throws JMSException {
                    int n = 0;
                    Message m = consumer.receive(timeoutMs);
                    while (m != null) {
                        BytesMessage b = (BytesMessage) m;
                        byte[] value = new byte[(int) b.getBodyLength()];
                        b.readBytes(value);
                        sink.accept(value);
                        if (++n == MAX_PER_POLL) {
                            break;
                        }
                        m = consumer.receiveNoWait();
                    }
                    return n;
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

        @Override
        public QueueBroker queues() {
            return new ArtemisQueues(factory);
        }

        @Override
        public void close() {
            try {
                factory.close();
            } finally {
                process.close();
            }
        }
    }
}
