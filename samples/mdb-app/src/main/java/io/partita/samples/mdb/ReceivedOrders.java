package io.partita.samples.mdb;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What {@link OrderListener} received, newest last, for {@link ReceivedServlet} to show: the
 * latest {@value #KEPT} orders, in memory (gone when the application restarts).
 *
 * <p>A singleton bean with container-managed locking: {@link #add} takes the write lock, {@link #latest}
 * the read lock.
 */
@Singleton
public class ReceivedOrders {
    /** How many orders are kept. */
    public static final int KEPT = 100;

    private final Deque<ReceivedOrder> orders = new ArrayDeque<>();

    @Lock(LockType.WRITE)
    public void add(ReceivedOrder order) {
        if (orders.size() == KEPT) {
            orders.removeFirst();
        }
        orders.addLast(order);
    }

    @Lock(LockType.READ)
    public List<ReceivedOrder> latest() {
        return List.copyOf(orders);
    }
}
