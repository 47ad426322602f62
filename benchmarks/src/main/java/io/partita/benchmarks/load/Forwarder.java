package io.partita.benchmarks.load;

/**
 * Consume-transform-produce in one transaction: receives messages from a queue, sends a copy of
 * each to an output destination, and commits the acceptance of the received messages together
 * with the sends. Partita: a share consumer of the queue whose acknowledgements are staged in the
 * transactional producer's transaction ({@code commitSync(TransactionIdentity)}); Artemis: one
 * transacted JMS session that receives and sends. Used by one thread.
 */
interface Forwarder extends AutoCloseable {

    /**
     * Waits up to {@code timeoutMs} for messages and forwards at most {@code max} of them in the
     * open transaction (opening one if needed), handing each received value to {@code sink}.
     *
     * @return how many were forwarded
     */
    int forward(int max, long timeoutMs, Receiver.Sink sink) throws Exception;

    /** Commits the open transaction: the copies become visible and the originals leave the queue. */
    void commit() throws Exception;

    /** Releases the clients; fails with an unchecked exception only. */
    @Override
    void close();
}
