package io.partita.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The part of an application server's connection manager the outbound tests need, played on real
 * managed connections: connections are matched with the factory's {@code matchManagedConnections}
 * or created, enlisted through their {@link XAResource} when a transaction is active
 * ({@link #begin}), cleaned up and kept for the next user when the application closes its handle
 * (after the transaction ends when it was enlisted), destroyed at {@link #close()}.
 *
 * <p>Used by one test thread; events may come from provider threads, hence the synchronization.
 */
final class TestPool implements ConnectionManager, AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** One listener for the five kinds of event, all handed to {@link #onEvent}. */
    private final transient ConnectionEventListener listener = (ConnectionEventListener) Proxy.newProxyInstance(
            TestPool.class.getClassLoader(), new Class<?>[] {ConnectionEventListener.class}, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return method.getName().equals("equals") ? proxy == args[0]
                            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "TestPool listener";
                }
                onEvent((ConnectionEvent) args[0]);
                return null;
            });

    private final transient Set<ManagedConnection> idle = new HashSet<>();
    private final transient Set<ManagedConnection> all = new HashSet<>();
    private final transient List<ConnectionEvent> events = new ArrayList<>();
    private final transient List<ManagedConnection> enlisted = new ArrayList<>();
    private transient Xid transaction;

    /** A plain {@code Xid} for the test's transactions. */
    private record TestXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier) implements Xid {
    }

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection mc = factory.matchManagedConnections(new HashSet<>(idle), null, info);
        if (mc == null) {
            mc = factory.createManagedConnection(null, info);
            mc.addConnectionEventListener(listener);
            all.add(mc);
        }
        idle.remove(mc);
        if (transaction != null && !enlisted.contains(mc)) {
            try {
                mc.getXAResource().start(transaction, XAResource.TMNOFLAGS);
            } catch (XAException e) {
                throw new ResourceException("cannot enlist: " + e, e);
            }
            enlisted.add(mc);
        }
        return mc.getConnection(null, info);
    }

    /** Starts a transaction: connections allocated until it ends are enlisted in it. */
    synchronized void begin(String name) {
        transaction = new TestXid(42, name.getBytes(), new byte[] {1});
    }

    /** Ends the transaction, committing (in two phases) or rolling back every enlisted branch. */
    synchronized void end(boolean commit) throws Exception {
        for (ManagedConnection mc : enlisted) {
            XAResource xa = mc.getXAResource();
            xa.end(transaction, XAResource.TMSUCCESS);
            if (commit) {
                xa.prepare(transaction);
                xa.commit(transaction, false);
            } else {
                xa.rollback(transaction);
            }
            release(mc);
        }
        enlisted.clear();
        transaction = null;
    }

    private void release(ManagedConnection mc) throws ResourceException {
        mc.cleanup();
        idle.add(mc);
    }

    /** How many managed connections the pool created. */
    synchronized int created() {
        return all.size();
    }

    /** How many managed connections are free for the next user. */
    synchronized int idle() {
        return idle.size();
    }

    /** The events the managed connections sent, oldest first. */
    synchronized List<ConnectionEvent> events() {
        return List.copyOf(events);
    }

    /** What the managed connections tell the pool: every event recorded, a closed handle released. */
    private synchronized void onEvent(ConnectionEvent event) {
        events.add(event);
        ManagedConnection mc = (ManagedConnection) event.getSource();
        if (event.getId() == ConnectionEvent.CONNECTION_CLOSED && !enlisted.contains(mc)) {
            try {
                release(mc);
            } catch (ResourceException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public synchronized void close() throws ResourceException {
        for (ManagedConnection mc : all) {
            mc.destroy();
        }
        all.clear();
        idle.clear();
    }
}
