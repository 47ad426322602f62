package io.partita.ra.it.app;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the test application's message-driven beans received, and the gates that hold them until
 * enough of them are delivering at once. The test reads it through {@link StateServlet}.
 *
 * <p>Bean-managed concurrency: beans block inside {@link #enterGate}, so the container must not
 * serialize the calls; every method synchronizes on this object.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Deliveries {
    /** How long a bean waits at a gate before giving up (and recording that it did). */
    static final long GATE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

    private final Map<String, List<String>> received = new HashMap<>();
    private final Map<String, Gate> gates = new HashMap<>();
    private final Set<String> released = new HashSet<>();
    private final Set<String> holding = new HashSet<>();

    private static final class Gate {
        int inside;
        int peak;
        boolean opened;
        boolean timedOut;
        final Set<String> insideWhenOpened = new HashSet<>();
        final Set<String> present = new HashSet<>();
    }

    /**
     * Records one delivery to {@code listener} as a line {@code text<TAB>redelivered<TAB>deliveryCount<TAB>bean}.
     */
    public synchronized void record(String listener, Message message, Object bean) {
        String line;
        try {
            line = ((TextMessage) message).getText() + "\t" + message.getJMSRedelivered() + "\t"
                    + message.getIntProperty("JMSXDeliveryCount") + "\t" + System.identityHashCode(bean);
        } catch (JMSException e) {
            line = "error\t" + e;
        }
        received.computeIfAbsent(listener, k -> new ArrayList<>()).add(line);
    }

    public synchronized List<String> received(String listener) {
        return List.copyOf(received.getOrDefault(listener, List.of()));
    }

    /**
     * Enters gate {@code name} as {@code who} and waits until {@code parties} distinct callers are
     * inside at once (then the gate stays open for good) or the gate timeout passes. Pair with
     * {@link #leaveGate}.
     */
    public synchronized void enterGate(String name, int parties, String who) {
        Gate g = gates.computeIfAbsent(name, k -> new Gate());
        g.inside++;
        g.present.add(who);
        g.peak = Math.max(g.peak, g.inside);
        if (!g.opened && g.present.size() >= parties) {
            g.opened = true;
            g.insideWhenOpened.addAll(g.present);
            notifyAll();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATE_TIMEOUT_MS);
        long left;
        while (!g.opened && (left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!g.opened) {
            g.timedOut = true;
        }
    }

    public synchronized void leaveGate(String name, String who) {
        Gate g = gates.get(name);
        g.inside--;
        g.present.remove(who);
    }

    /** {@code opened=<b> peak=<n> distinctWhenOpened=<n> timedOut=<b>}. */
    public synchronized String gate(String name) {
        Gate g = gates.get(name);
        if (g == null) {
            return "opened=false peak=0 distinctWhenOpened=0 timedOut=false";
        }
        return "opened=" + g.opened + " peak=" + g.peak + " distinctWhenOpened=" + g.insideWhenOpened.size()
                + " timedOut=" + g.timedOut;
    }

    /**
     * Waits until {@link #release} of {@code name} (which may come first) or the gate timeout;
     * {@link #holding} tells meanwhile that a caller is waiting.
     *
     * @throws IllegalStateException when the timeout passed without a release
     */
    public synchronized void awaitRelease(String name) {
        holding.add(name);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATE_TIMEOUT_MS);
            long left;
            while (!released.contains(name) && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!released.contains(name)) {
                throw new IllegalStateException("hold " + name + " was not released in time");
            }
        } finally {
            holding.remove(name);
        }
    }

    public synchronized void release(String name) {
        released.add(name);
        notifyAll();
    }

    /** Whether a caller waits in {@link #awaitRelease} of {@code name} now. */
    public synchronized boolean holding(String name) {
        return holding.contains(name);
    }
}
