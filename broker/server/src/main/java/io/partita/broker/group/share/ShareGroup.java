package io.partita.broker.group.share;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.selector.Selector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One share group: its partitions' state, its members (member id to connection) and, when it
 * backs a topic subscription, the {@link Subscription} and its parsed selector.
 *
 * <p>Thread-safe: membership is guarded by the group's monitor; partitions are in a concurrent map
 * and guard themselves.
 */
final class ShareGroup {
    private final String name;
    private final Subscription subscription;
    private final Selector subscriptionSelector;
    private final Map<TopicPartition, SharePartition> partitions = new ConcurrentHashMap<>();
    private final Map<String, String> members = new HashMap<>();
    private final Set<String> ownerConnections = new HashSet<>();

    ShareGroup(String name, Subscription subscription) {
        this.name = name;
        this.subscription = subscription;
        this.subscriptionSelector = subscription == null ? null : Selector.parse(subscription.selector());
    }

    String name() {
        return name;
    }

    /** The subscription this group backs, or null for a plain share group (a queue). */
    Subscription subscription() {
        return subscription;
    }

    /** The subscription's selector, or null. */
    Selector subscriptionSelector() {
        return subscriptionSelector;
    }

    SharePartition partition(TopicPartition tp, Function<TopicPartition, SharePartition> create) {
        return partitions.computeIfAbsent(tp, create);
    }

    SharePartition partitionIfPresent(TopicPartition tp) {
        return partitions.get(tp);
    }

    Collection<SharePartition> partitions() {
        return partitions.values();
    }

    /**
     * Adds or refreshes a member.
     *
     * @return null when added, or the id of another member that makes this one not allowed (an
     *         unshared subscription has one member at a time)
     */
    synchronized String join(String memberId, String connectionId) {
        if (subscription != null && !subscription.shared()) {
            for (String other : members.keySet()) {
                if (!other.equals(memberId)) {
                    return other;
                }
            }
        }
        members.put(memberId, connectionId);
        return null;
    }

    /** Removes a member; returns whether it was one. */
    synchronized boolean leave(String memberId) {
        String connection = members.remove(memberId);
        if (connection != null) {
            ownerConnections.remove(connection);
        }
        return connection != null;
    }

    /** Removes the members of a closed connection and returns their ids. */
    synchronized List<String> connectionClosed(String connectionId) {
        List<String> gone = new ArrayList<>();
        members.entrySet().removeIf(e -> {
            if (e.getValue().equals(connectionId)) {
                gone.add(e.getKey());
                return true;
            }
            return false;
        });
        ownerConnections.remove(connectionId);
        return gone;
    }

    /** Records the connection that created a non-durable subscription: it lives while that connection does. */
    synchronized void addOwner(String connectionId) {
        ownerConnections.add(connectionId);
    }

    synchronized int memberCount() {
        return members.size();
    }

    /** Whether a non-durable subscription has neither members nor owning connections left. */
    synchronized boolean abandoned() {
        return members.isEmpty() && ownerConnections.isEmpty();
    }
}
