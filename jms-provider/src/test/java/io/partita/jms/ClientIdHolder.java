package io.partita.jms;

import jakarta.jms.Connection;

/**
 * A process that holds a JMS connection with a client id until it is killed: args are the broker
 * URL (with its {@code clientId}); prints {@code HOLDING} once the connection exists.
 */
public final class ClientIdHolder {
    private ClientIdHolder() {
    }

    public static void main(String[] args) throws Exception {
        Connection c = new PartitaConnectionFactory(args[0]).createConnection();
        System.out.println("HOLDING " + c.getClientID());
        System.out.flush();
        Thread.currentThread().join();   // until killed
    }
}
