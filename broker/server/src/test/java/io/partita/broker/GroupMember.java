package io.partita.broker;

import io.partita.client.consumer.CommitFailedException;
import io.partita.client.consumer.ConsumerRebalanceListener;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.OffsetAndMetadata;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.protocol.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A subscribed consumer polling on its own thread, for group tests: it counts every record it
 * processes in a shared map, and (when asked) commits what it processed with commitSync in
 * onPartitionsRevoked, noting each commit that succeeded in a shared map of clean commits.
 */
final class GroupMember implements AutoCloseable {
    /** Records processed by the whole group: "topic-partition@offset" to how many times. */
    static final class Ledger {
        final ConcurrentMap<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        final ConcurrentMap<TopicPartition, Long> cleanCommits = new ConcurrentHashMap<>();

        void record(ConsumerRecord r) {
            processed.computeIfAbsent(r.topic() + "-" + r.partition() + "@" + r.offset(), k -> new AtomicInteger())
                    .incrementAndGet();
        }

        int count(TopicPartition tp, long offset) {
            AtomicInteger c = processed.get(tp + "@" + offset);
            return c == null ? 0 : c.get();
        }
    }

    final String name;
    private final PartitaConsumer consumer;
    private final Thread thread;
    private final Ledger ledger;
    private final boolean commitOnRevoke;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile int rebalances;
    private volatile boolean stop;

    GroupMember(String name, Properties props, String topic, Ledger ledger, boolean commitOnRevoke) {
        this.name = name;
        this.ledger = ledger;
        this.commitOnRevoke = commitOnRevoke;
        this.consumer = new PartitaConsumer(props);
        this.thread = new Thread(() -> run(topic), "member-" + name);
        thread.start();
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignment = Set.of();
                    if (commitOnRevoke) {
                        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                        for (TopicPartition tp : partitions) {
                            Long p = positions.get(tp);
                            if (p != null) {
                                offsets.put(tp, new OffsetAndMetadata(p));
                            }
                        }
                        try {
                            consumer.commitSync(offsets);
                            offsets.forEach((tp, o) -> ledger.cleanCommits.merge(tp, o.offset(), Math::max));
                        } catch (CommitFailedException e) {
                            // not clean: another member may process these records again
                        }
                    }
                    positions.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment = Set.copyOf(partitions);
                    rebalances++;
                }
            });
            while (!stop) {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(50))) {
                    ledger.record(r);
                    positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            try {
                consumer.close();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    Set<TopicPartition> assignment() {
        return assignment;
    }

    /** How many assignments this member has received. */
    int rebalances() {
        return rebalances;
    }

    Throwable failure() {
        return failure.get();
    }

    /** Stops polling, closes the consumer (revoking, committing, leaving) and rethrows what went wrong. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        if (thread.isAlive()) {
            throw new AssertionError("member " + name + " did not stop");
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("member " + name + " failed", t);
        }
    }
}
