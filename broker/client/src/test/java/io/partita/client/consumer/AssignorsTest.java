package io.partita.client.consumer;

import io.partita.client.consumer.assignor.PartitionAssignor;
import io.partita.client.consumer.assignor.RangeAssignor;
import io.partita.client.consumer.assignor.RoundRobinAssignor;
import io.partita.client.consumer.assignor.StickyAssignor;
import io.partita.client.consumer.internals.ConsumerProtocol;
import io.partita.protocol.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssignorsTest {

    private static TopicPartition tp(String t, int p) {
        return new TopicPartition(t, p);
    }

    private static PartitionAssignor.Subscription sub(List<String> topics, TopicPartition... owned) {
        return new PartitionAssignor.Subscription(topics, List.of(owned));
    }

    private static void assertValid(Map<String, Integer> counts, Map<String, PartitionAssignor.Subscription> subs,
            Map<String, List<TopicPartition>> result) {
        assertEquals(subs.keySet(), result.keySet(), "an entry for every member");
        Set<TopicPartition> seen = new HashSet<>();
        int total = 0;
        for (Map.Entry<String, List<TopicPartition>> e : result.entrySet()) {
            for (TopicPartition tp : e.getValue()) {
                assertTrue(seen.add(tp), tp + " assigned twice");
                assertTrue(subs.get(e.getKey()).topics().contains(tp.topic()), e.getKey() + " got unsubscribed " + tp);
            }
        }
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            total += c.getValue();
        }
        assertEquals(total, seen.size(), "every partition assigned");
    }

    @Test
    void rangeSplitsEachTopicIntoContiguousRangesFirstMembersGetTheRemainder() {
        Map<String, Integer> counts = Map.of("a", 7, "b", 2);
        Map<String, PartitionAssignor.Subscription> subs = new LinkedHashMap<>();
        subs.put("m2", sub(List.of("a", "b")));
        subs.put("m1", sub(List.of("a", "b")));
        subs.put("m3", sub(List.of("a")));
        Map<String, List<TopicPartition>> r = new RangeAssignor().assign(counts, subs);
        assertValid(counts, subs, r);
        assertEquals(List.of(tp("a", 0), tp("a", 1), tp("a", 2), tp("b", 0)), r.get("m1"));
        assertEquals(List.of(tp("a", 3), tp("a", 4), tp("b", 1)), r.get("m2"));
        assertEquals(List.of(tp("a", 5), tp("a", 6)), r.get("m3"));
    }

    @Test
    void roundRobinDealsPartitionsInTurnSkippingMembersNotSubscribed() {
        Map<String, Integer> counts = Map.of("a", 3, "b", 3);
        Map<String, PartitionAssignor.Subscription> subs = new LinkedHashMap<>();
        subs.put("m1", sub(List.of("a", "b")));
        subs.put("m2", sub(List.of("a", "b")));
        subs.put("m3", sub(List.of("b")));
        Map<String, List<TopicPartition>> r = new RoundRobinAssignor().assign(counts, subs);
        assertValid(counts, subs, r);
        // a-0 m1, a-1 m2, a-2 skips m3 to m1, b-0 m2, b-1 m3, b-2 m1
        assertEquals(List.of(tp("a", 0), tp("a", 2), tp("b", 2)), r.get("m1"));
        assertEquals(List.of(tp("a", 1), tp("b", 0)), r.get("m2"));
        assertEquals(List.of(tp("b", 1)), r.get("m3"));
    }

    @Test
    void stickyKeepsOwnedPartitionsWhenAMemberLeavesAndStaysBalanced() {
        Map<String, Integer> counts = Map.of("t", 6);
        Map<String, PartitionAssignor.Subscription> three = new LinkedHashMap<>();
        three.put("m1", sub(List.of("t")));
        three.put("m2", sub(List.of("t")));
        three.put("m3", sub(List.of("t")));
        Map<String, List<TopicPartition>> first = new StickyAssignor().assign(counts, three);
        assertValid(counts, three, first);
        first.values().forEach(l -> assertEquals(2, l.size()));
        Map<String, PartitionAssignor.Subscription> two = new LinkedHashMap<>();
        two.put("m1", sub(List.of("t"), first.get("m1").toArray(TopicPartition[]::new)));
        two.put("m3", sub(List.of("t"), first.get("m3").toArray(TopicPartition[]::new)));
        Map<String, List<TopicPartition>> second = new StickyAssignor().assign(counts, two);
        assertValid(counts, two, second);
        assertTrue(second.get("m1").containsAll(first.get("m1")), "m1 kept its partitions: " + second);
        assertTrue(second.get("m3").containsAll(first.get("m3")), "m3 kept its partitions: " + second);
        assertEquals(3, second.get("m1").size());
        assertEquals(3, second.get("m3").size());
        // A member claiming more than its share keeps only its share; a claimed gone partition is dropped.
        Map<String, PartitionAssignor.Subscription> greedy = new LinkedHashMap<>();
        greedy.put("m1", sub(List.of("t"), tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3), tp("t", 9)));
        greedy.put("m2", sub(List.of("t"), tp("t", 0)));
        Map<String, List<TopicPartition>> third = new StickyAssignor().assign(counts, greedy);
        assertValid(counts, greedy, third);
        assertEquals(List.of(tp("t", 0), tp("t", 1), tp("t", 2)), third.get("m1"));
        assertEquals(3, third.get("m2").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "roundrobin", "sticky"})
    void moreMembersThanPartitionsLeavesSomeIdleAndNoTopicsGivesNothing(String name) {
        PartitionAssignor a = PartitionAssignor.forName(name);
        assertEquals(name, a.name());
        Map<String, PartitionAssignor.Subscription> subs = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            subs.put("m" + i, sub(List.of("t")));
        }
        Map<String, List<TopicPartition>> r = a.assign(Map.of("t", 2), subs);
        assertValid(Map.of("t", 2), subs, r);
        assertEquals(2, r.values().stream().filter(List::isEmpty).count());
        Map<String, List<TopicPartition>> none = a.assign(Map.of(), subs);
        assertTrue(none.values().stream().allMatch(List::isEmpty));
    }

    @Test
    void unknownAssignorNamesAreRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PartitionAssignor.forName("cooperative-sticky"));
        assertTrue(e.getMessage().contains("'cooperative-sticky'") && e.getMessage().contains("range"), e.getMessage());
    }

    @Test
    void subscriptionsAndAssignmentsRoundTripThroughTheConsumerProtocol() {
        PartitionAssignor.Subscription s = sub(List.of("a", "b"), tp("a", 1), tp("b", 0), tp("a", 0));
        PartitionAssignor.Subscription back = ConsumerProtocol.decodeSubscription(ConsumerProtocol.encodeSubscription(s));
        assertEquals(s.topics(), back.topics());
        assertEquals(new HashSet<>(s.ownedPartitions()), new HashSet<>(back.ownedPartitions()));
        List<TopicPartition> assignment = new ArrayList<>(List.of(tp("a", 0), tp("a", 1), tp("b", 5)));
        assertEquals(assignment, ConsumerProtocol.decodeAssignment(ConsumerProtocol.encodeAssignment(assignment)));
        assertEquals(List.of(), ConsumerProtocol.decodeAssignment(ByteBuffer.allocate(0)));
    }
}
