package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Run in a child JVM by tests: receives {@code count} messages from a queue in
 * CLIENT_ACKNOWLEDGE mode, prints {@code HOLDING <texts>}, and then holds them without
 * acknowledging until the process is killed.
 *
 * <p>Arguments: broker URL, queue name, count.
 */
public final class HoldingConsumer {
    private HoldingConsumer() {
    }

    public static void main(String[] args) throws Exception {
        Connection c = new PartitaConnectionFactory(args[0]).createConnection();
        c.start();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(args[1]));
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            Message m = consumer.receive(60_000);
            if (m == null) {
                System.out.println("TIMEOUT");
                System.exit(2);
            }
            texts.append(i == 0 ? "" : ",").append(((TextMessage) m).getText());
        }
        System.out.println("HOLDING " + texts);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
