package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiMessage;
import io.partita.protocol.wire.ByteBufferRecords;
import io.partita.protocol.wire.Errors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample messages for every implemented API: typical values, nulls, empty lists, unicode. */
final class Samples {

    static final String UNICODE = "commandes-été-日本-\uD83D\uDE80";

    private Samples() {
    }

    /** A sample message together with whether it is a request. */
    record Sample(String name, boolean request, ApiMessage message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<Sample> all() {
        List<Sample> s = new ArrayList<>();
        // ApiVersions
        s.add(req("ApiVersionsRequest", new ApiVersionsRequest()));
        s.add(resp("ApiVersionsResponse.thisBuild", ApiVersionsResponse.ofThisBuild()));
        s.add(resp("ApiVersionsResponse.error", new ApiVersionsResponse(Errors.UNSUPPORTED_VERSION, List.of())));
        s.add(resp("ApiVersionsResponse.unknownKey", new ApiVersionsResponse(Errors.NONE,
                List.of(new ApiVersionsResponse.ApiVersion((short) 999, (short) 0, (short) 7)))));
        // Metadata
        s.add(req("MetadataRequest.all", new MetadataRequest(null, false)));
        s.add(req("MetadataRequest.none", new MetadataRequest(List.of(), true)));
        s.add(req("MetadataRequest.some", new MetadataRequest(List.of("orders", UNICODE, ""), true)));
        s.add(resp("MetadataResponse.full", new MetadataResponse(
                List.of(new MetadataResponse.Broker(1, "broker-1.example", 9092, "rack-a"),
                        new MetadataResponse.Broker(2, "10.0.0.2", 19092, null)),
                "clu-ster-ID", 1,
                List.of(new MetadataResponse.Topic(Errors.NONE, "orders", List.of(
                                new MetadataResponse.Partition(Errors.NONE, 0, 1, 7, List.of(1, 2), List.of(1, 2)),
                                new MetadataResponse.Partition(Errors.LEADER_NOT_AVAILABLE, 1, -1, 8, List.of(2, 1),
                                        List.of()))),
                        new MetadataResponse.Topic(Errors.UNKNOWN_TOPIC_OR_PARTITION, UNICODE, List.of())))));
        s.add(resp("MetadataResponse.empty", new MetadataResponse(List.of(), null, -1, List.of())));
        // CreateTopics
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("retention.ms", "86400000");
        configs.put("cleanup.policy", null);
        configs.put("note", UNICODE);
        s.add(req("CreateTopicsRequest.full", new CreateTopicsRequest(List.of(
                new CreateTopicsRequest.Topic("orders", 12, (short) 3, configs),
                new CreateTopicsRequest.Topic(UNICODE, -1, (short) -1, Map.of())), 30_000, true)));
        s.add(req("CreateTopicsRequest.empty", new CreateTopicsRequest(List.of(), 0, false)));
        s.add(resp("CreateTopicsResponse", new CreateTopicsResponse(List.of(
                new TopicResult("orders", Errors.NONE, null),
                new TopicResult(UNICODE, Errors.TOPIC_ALREADY_EXISTS, "Topic '" + UNICODE + "' already exists.")))));
        s.add(resp("CreateTopicsResponse.empty", new CreateTopicsResponse(List.of())));
        // DeleteTopics
        s.add(req("DeleteTopicsRequest", new DeleteTopicsRequest(List.of("orders", UNICODE), 5000)));
        s.add(req("DeleteTopicsRequest.empty", new DeleteTopicsRequest(List.of(), -1)));
        s.add(resp("DeleteTopicsResponse", new DeleteTopicsResponse(List.of(
                new TopicResult("orders", Errors.NONE, null),
                new TopicResult("missing", Errors.UNKNOWN_TOPIC_OR_PARTITION, "no such topic")))));
        // Produce
        s.add(req("ProduceRequest.full", new ProduceRequest("txn-" + UNICODE, ProduceRequest.ACKS_ALL, 30_000, List.of(
                new ProduceRequest.TopicData("orders", List.of(
                        new ProduceRequest.PartitionData(0, bytes("batch-bytes-0")),
                        new ProduceRequest.PartitionData(3, ByteBuffer.allocate(0)),
                        new ProduceRequest.PartitionData(4, null))),
                new ProduceRequest.TopicData(UNICODE, List.of())))));
        s.add(req("ProduceRequest.empty", new ProduceRequest(null, ProduceRequest.ACKS_NONE, 0, List.of())));
        s.add(resp("ProduceResponse", new ProduceResponse(List.of(
                new ProduceResponse.TopicResponse("orders", List.of(
                        new ProduceResponse.PartitionResponse(0, Errors.NONE, 1_234_567_890_123L, -1, 17, null),
                        new ProduceResponse.PartitionResponse(3, Errors.NOT_LEADER_OR_FOLLOWER, -1, -1, -1,
                                "leader moved to broker 2 \u2192 retry")))), 250)));
        s.add(resp("ProduceResponse.empty", new ProduceResponse(List.of(), 0)));
        // Fetch
        s.add(req("FetchRequest", new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 500, 1, 52_428_800,
                FetchRequest.READ_COMMITTED, List.of(
                        new FetchRequest.FetchTopic("orders", List.of(
                                new FetchRequest.FetchPartition(0, 7, 42L, -1L, 1_048_576),
                                new FetchRequest.FetchPartition(1, -1, Long.MAX_VALUE, 0, 0))),
                        new FetchRequest.FetchTopic(UNICODE, List.of())))));
        s.add(req("FetchRequest.replica", new FetchRequest(2, 0, 0, Integer.MAX_VALUE,
                FetchRequest.READ_UNCOMMITTED, List.of())));
        s.add(resp("FetchResponse", new FetchResponse(0, Errors.NONE, List.of(
                new FetchResponse.FetchableTopic("orders", List.of(
                        new FetchResponse.PartitionData(0, Errors.NONE, 100, 90, 0,
                                List.of(new FetchResponse.AbortedTransaction(7, 50),
                                        new FetchResponse.AbortedTransaction(Long.MIN_VALUE, 60)),
                                new ByteBufferRecords(bytes("records-of-partition-0"))),
                        new FetchResponse.PartitionData(1, Errors.OFFSET_OUT_OF_RANGE, -1, -1, -1, null, null),
                        new FetchResponse.PartitionData(2, Errors.NONE, 5, 5, 5, List.of(),
                                new ByteBufferRecords(ByteBuffer.allocate(0))))),
                new FetchResponse.FetchableTopic(UNICODE, List.of(
                        new FetchResponse.PartitionData(0, Errors.NONE, 1, 1, 0, null,
                                new ByteBufferRecords(bytes("\u00e9t\u00e9")))))))));
        s.add(resp("FetchResponse.error", new FetchResponse(1000, Errors.INVALID_ISOLATION_LEVEL, List.of())));
        // ListOffsets
        s.add(req("ListOffsetsRequest", new ListOffsetsRequest(-1, (byte) 1, List.of(
                new ListOffsetsRequest.ListOffsetsTopic("orders", List.of(
                        new ListOffsetsRequest.ListOffsetsPartition(0, 3, ListOffsetsRequest.LATEST_TIMESTAMP),
                        new ListOffsetsRequest.ListOffsetsPartition(1, -1, ListOffsetsRequest.EARLIEST_TIMESTAMP),
                        new ListOffsetsRequest.ListOffsetsPartition(2, -1, 1_700_000_000_000L)))))));
        s.add(req("ListOffsetsRequest.empty", new ListOffsetsRequest(1, (byte) 0, List.of())));
        s.add(resp("ListOffsetsResponse", new ListOffsetsResponse(List.of(
                new ListOffsetsResponse.ListOffsetsTopicResponse(UNICODE, List.of(
                        new ListOffsetsResponse.ListOffsetsPartitionResponse(0, Errors.NONE, -1, 1000, 3),
                        new ListOffsetsResponse.ListOffsetsPartitionResponse(1, Errors.FENCED_LEADER_EPOCH,
                                -1, -1, -1)))))));
        // InitProducerId
        s.add(req("InitProducerIdRequest.txn", new InitProducerIdRequest(UNICODE, 60_000, 4711, (short) 3)));
        s.add(req("InitProducerIdRequest.idempotent", new InitProducerIdRequest(null, -1, -1, (short) -1)));
        s.add(resp("InitProducerIdResponse", new InitProducerIdResponse(Errors.NONE, Long.MAX_VALUE, Short.MAX_VALUE)));
        s.add(resp("InitProducerIdResponse.fenced", new InitProducerIdResponse(Errors.PRODUCER_FENCED, -1, (short) -1)));
        // Share groups and subscriptions
        s.add(req("ShareFetchRequest", new ShareFetchRequest("queue:" + UNICODE, "member-1", 500, 100, "color = 'red'",
                List.of(new ShareFetchRequest.ShareFetchTopic(UNICODE, List.of(0, 1, 2))))));
        s.add(req("ShareFetchRequest.noSelector", new ShareFetchRequest("g", "m", 0, 1, null, List.of())));
        s.add(resp("ShareFetchResponse", new ShareFetchResponse(Errors.NONE, null, List.of(
                new ShareFetchResponse.ShareFetchTopicResponse(UNICODE, List.of(
                        new ShareFetchResponse.ShareFetchPartitionResponse(0, Errors.NONE, List.of(
                                new ShareFetchResponse.AcquiredRecord(42, 3, 1_700_000_000_000L, bytes("k"), bytes(UNICODE),
                                        List.of(new io.partita.protocol.record.Header("jms", bytes("env")),
                                                new io.partita.protocol.record.Header("nothing", null))),
                                new ShareFetchResponse.AcquiredRecord(43, 1, -1, null, null, List.of()))),
                        new ShareFetchResponse.ShareFetchPartitionResponse(1, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                                List.of())))))));
        s.add(resp("ShareFetchResponse.error", ShareFetchResponse.failed(Errors.INVALID_SELECTOR,
                "expected ')' at position 19")));
        s.add(req("ShareAcknowledgeRequest", new ShareAcknowledgeRequest("queue:orders", "m-" + UNICODE, true, List.of(
                new ShareAcknowledgeRequest.AckTopic("orders", List.of(
                        new ShareAcknowledgeRequest.AckPartition(0, List.of(
                                new ShareAcknowledgeRequest.Ack(1, ShareAcknowledgeRequest.ACCEPT),
                                new ShareAcknowledgeRequest.Ack(Long.MAX_VALUE, ShareAcknowledgeRequest.REJECT))),
                        new ShareAcknowledgeRequest.AckPartition(3, List.of())))))));
        s.add(resp("ShareAcknowledgeResponse", new ShareAcknowledgeResponse(Errors.NONE, null, List.of(
                new ShareAcknowledgeResponse.AckTopicResponse("orders", List.of(
                        new ShareAcknowledgeResponse.AckPartitionResponse(0, Errors.NONE, null),
                        new ShareAcknowledgeResponse.AckPartitionResponse(1, Errors.INVALID_RECORD_STATE,
                                "offset 7 " + UNICODE)))))));
        s.add(req("CreateSubscriptionRequest", new CreateSubscriptionRequest("sub:c:" + UNICODE, "prices", "p > 3",
                true, false)));
        s.add(req("CreateSubscriptionRequest.nullSelector", new CreateSubscriptionRequest("n", "t", null, false, true)));
        s.add(resp("CreateSubscriptionResponse", new CreateSubscriptionResponse(Errors.NONE, null, true)));
        s.add(resp("CreateSubscriptionResponse.inUse", new CreateSubscriptionResponse(Errors.SUBSCRIPTION_IN_USE,
                "2 members", false)));
        s.add(req("DeleteSubscriptionRequest", new DeleteSubscriptionRequest(UNICODE)));
        s.add(resp("DeleteSubscriptionResponse", new DeleteSubscriptionResponse(Errors.SUBSCRIPTION_NOT_FOUND, "x")));
        // ShareBrowse
        s.add(req("ShareBrowseRequest", new ShareBrowseRequest("queue:" + UNICODE, "orders", List.of(
                new ShareBrowseRequest.BrowseRange(0, 0, 100), new ShareBrowseRequest.BrowseRange(3, 7, Long.MAX_VALUE)))));
        s.add(req("ShareBrowseRequest.empty", new ShareBrowseRequest("", "t", List.of())));
        s.add(resp("ShareBrowseResponse", new ShareBrowseResponse(List.of(
                new ShareBrowseResponse.BrowsePartition(0, Errors.NONE, 40, List.of(40L, 41L, 57L)),
                new ShareBrowseResponse.BrowsePartition(1, Errors.NONE, -1, List.of()),
                new ShareBrowseResponse.BrowsePartition(9, Errors.UNKNOWN_TOPIC_OR_PARTITION, -1, List.of())))));
        s.add(resp("ShareBrowseResponse.empty", new ShareBrowseResponse(List.of())));
        // TxnShareAcknowledge
        s.add(req("TxnShareAcknowledgeRequest", new TxnShareAcknowledgeRequest("queue:orders", "m-" + UNICODE,
                Long.MAX_VALUE, Short.MAX_VALUE, List.of(new ShareAcknowledgeRequest.AckTopic("orders", List.of(
                        new ShareAcknowledgeRequest.AckPartition(0, List.of(
                                new ShareAcknowledgeRequest.Ack(4, ShareAcknowledgeRequest.ACCEPT),
                                new ShareAcknowledgeRequest.Ack(5, ShareAcknowledgeRequest.RELEASE))),
                        new ShareAcknowledgeRequest.AckPartition(2, List.of())))))));
        s.add(req("TxnShareAcknowledgeRequest.empty", new TxnShareAcknowledgeRequest("", "", -1, (short) -1, List.of())));
        s.add(resp("TxnShareAcknowledgeResponse", new TxnShareAcknowledgeResponse(Errors.NONE, null, List.of(
                new ShareAcknowledgeResponse.AckTopicResponse("orders", List.of(
                        new ShareAcknowledgeResponse.AckPartitionResponse(0, Errors.NONE, null),
                        new ShareAcknowledgeResponse.AckPartitionResponse(1, Errors.INVALID_RECORD_STATE,
                                "offset 9 " + UNICODE)))))));
        s.add(resp("TxnShareAcknowledgeResponse.fenced", new TxnShareAcknowledgeResponse(Errors.PRODUCER_FENCED,
                "epoch 3 is fenced", List.of())));
        // ClientIdClaim
        s.add(req("ClientIdClaimRequest", new ClientIdClaimRequest("app-" + UNICODE, "8f14e45f", false)));
        s.add(req("ClientIdClaimRequest.release", new ClientIdClaimRequest("", "", true)));
        s.add(resp("ClientIdClaimResponse", new ClientIdClaimResponse(Errors.NONE, null)));
        s.add(resp("ClientIdClaimResponse.inUse", new ClientIdClaimResponse(Errors.CLIENT_ID_IN_USE,
                "client id 'app' is in use by " + UNICODE)));
        s.add(req("ListSubscriptionsRequest", new ListSubscriptionsRequest()));
        s.add(resp("ListSubscriptionsResponse", new ListSubscriptionsResponse(Errors.NONE, List.of(
                new ListSubscriptionsResponse.SubscriptionListing("sub:c:a", UNICODE, null, true, false, 0),
                new ListSubscriptionsResponse.SubscriptionListing("sub:c:b", "t", "a = 1", false, true, 3)))));
        // Authenticate
        s.add(req("AuthenticateRequest", new AuthenticateRequest(UNICODE, bytes("pässwörd " + UNICODE))));
        s.add(req("AuthenticateRequest.emptyPassword", new AuthenticateRequest("alice", bytes(""))));
        s.add(req("AuthenticateRequest.anonymous", AuthenticateRequest.anonymous()));
        s.add(resp("AuthenticateResponse", new AuthenticateResponse(Errors.NONE, null)));
        s.add(resp("AuthenticateResponse.failed", new AuthenticateResponse(Errors.SASL_AUTHENTICATION_FAILED,
                "authentication of user '" + UNICODE + "' failed")));
        // Transactions
        io.partita.protocol.txn.Xid xid = io.partita.protocol.txn.Xid.of(0x1234, new byte[] {1, 2, 3},
                UNICODE.getBytes(StandardCharsets.UTF_8));
        io.partita.protocol.txn.Xid emptyBranch = io.partita.protocol.txn.Xid.of(-7, new byte[64], new byte[0]);
        s.add(req("AddPartitionsToTxnRequest.tid", new AddPartitionsToTxnRequest(UNICODE, null, 42, (short) 7, List.of(
                new AddPartitionsToTxnRequest.TopicPartitions("orders", List.of(0, 2)),
                new AddPartitionsToTxnRequest.TopicPartitions("audit", List.of())))));
        s.add(req("AddPartitionsToTxnRequest.xid", new AddPartitionsToTxnRequest(null, xid, 43, (short) 0, List.of())));
        s.add(resp("AddPartitionsToTxnResponse", new AddPartitionsToTxnResponse(Errors.NONE, null, List.of(
                new AddPartitionsToTxnResponse.TopicResults("orders", List.of(
                        new AddPartitionsToTxnResponse.PartitionResult(0, Errors.NONE),
                        new AddPartitionsToTxnResponse.PartitionResult(9, Errors.UNKNOWN_TOPIC_OR_PARTITION)))))));
        s.add(resp("AddPartitionsToTxnResponse.fenced", new AddPartitionsToTxnResponse(Errors.PRODUCER_FENCED,
                UNICODE, List.of())));
        s.add(req("EndTxnRequest.commit", new EndTxnRequest(UNICODE, 42, (short) 7, true)));
        s.add(req("EndTxnRequest.abort", new EndTxnRequest("t", -1, (short) -1, false)));
        s.add(resp("EndTxnResponse", new EndTxnResponse(Errors.NONE, null)));
        s.add(resp("EndTxnResponse.error", new EndTxnResponse(Errors.CONCURRENT_TRANSACTIONS, UNICODE)));
        s.add(req("XaStartRequest", new XaStartRequest(xid, 60_000)));
        s.add(resp("XaStartResponse", new XaStartResponse(Errors.NONE, null, 99, (short) 0)));
        s.add(resp("XaStartResponse.dup", new XaStartResponse(Errors.DUPLICATE_XID, "dup " + xid, -1, (short) -1)));
        s.add(req("XaPrepareRequest", new XaPrepareRequest(emptyBranch)));
        s.add(resp("XaPrepareResponse.ok", new XaPrepareResponse(Errors.NONE, null, false)));
        s.add(resp("XaPrepareResponse.readOnly", new XaPrepareResponse(Errors.NONE, null, true)));
        s.add(req("XaCommitRequest.onePhase", new XaCommitRequest(xid, true)));
        s.add(req("XaCommitRequest.twoPhase", new XaCommitRequest(emptyBranch, false)));
        s.add(resp("XaCommitResponse", new XaCommitResponse(Errors.UNKNOWN_XID, UNICODE)));
        s.add(req("XaRollbackRequest", new XaRollbackRequest(xid)));
        s.add(resp("XaRollbackResponse", new XaRollbackResponse(Errors.NONE, null)));
        s.add(req("XaRecoverRequest", new XaRecoverRequest()));
        s.add(resp("XaRecoverResponse", new XaRecoverResponse(Errors.NONE, null, List.of(xid, emptyBranch))));
        s.add(resp("XaRecoverResponse.empty", new XaRecoverResponse(Errors.COORDINATOR_NOT_AVAILABLE, "loading",
                List.of())));
        s.add(req("XaForgetRequest", new XaForgetRequest(xid)));
        s.add(resp("XaForgetResponse", new XaForgetResponse(Errors.INVALID_TXN_STATE, null)));
        // FindCoordinator
        s.add(req("FindCoordinatorRequest", new FindCoordinatorRequest("group-" + UNICODE, FindCoordinatorRequest.GROUP)));
        s.add(resp("FindCoordinatorResponse", new FindCoordinatorResponse(Errors.NONE, null, 3, "broker-3.example", 9092)));
        s.add(resp("FindCoordinatorResponse.error", FindCoordinatorResponse.failed(Errors.COORDINATOR_NOT_AVAILABLE,
                "no leader for __consumer_offsets-7")));
        // JoinGroup
        s.add(req("JoinGroupRequest", new JoinGroupRequest("orders-app", 10_000, 300_000, "", "consumer", List.of(
                new JoinGroupRequest.Protocol("range", bytes("subscription:orders")),
                new JoinGroupRequest.Protocol(UNICODE, ByteBuffer.allocate(0))))));
        s.add(req("JoinGroupRequest.noProtocols", new JoinGroupRequest("", -1, -1, "m-1", "", List.of())));
        s.add(resp("JoinGroupResponse.leader", new JoinGroupResponse(Errors.NONE, 7, "range", "m-1", "m-1", List.of(
                new JoinGroupResponse.Member("m-1", bytes("sub-1")),
                new JoinGroupResponse.Member("m-" + UNICODE, ByteBuffer.allocate(0))))));
        s.add(resp("JoinGroupResponse.failed", JoinGroupResponse.failed(Errors.INCONSISTENT_GROUP_PROTOCOL, "")));
        // SyncGroup
        s.add(req("SyncGroupRequest", new SyncGroupRequest("orders-app", 7, "m-1", List.of(
                new SyncGroupRequest.Assignment("m-1", bytes("orders-0,1,2")),
                new SyncGroupRequest.Assignment("m-2", ByteBuffer.allocate(0))))));
        s.add(resp("SyncGroupResponse", new SyncGroupResponse(Errors.NONE, bytes("orders-0,1,2"))));
        s.add(resp("SyncGroupResponse.failed", SyncGroupResponse.failed(Errors.REBALANCE_IN_PROGRESS)));
        // Heartbeat
        s.add(req("HeartbeatRequest", new HeartbeatRequest(UNICODE, Integer.MAX_VALUE, "m-1")));
        s.add(resp("HeartbeatResponse", new HeartbeatResponse(Errors.REBALANCE_IN_PROGRESS)));
        // LeaveGroup
        s.add(req("LeaveGroupRequest", new LeaveGroupRequest("orders-app", "m-" + UNICODE)));
        s.add(resp("LeaveGroupResponse", new LeaveGroupResponse(Errors.UNKNOWN_MEMBER_ID)));
        // OffsetCommit
        s.add(req("OffsetCommitRequest", new OffsetCommitRequest("orders-app", 7, "m-1", List.of(
                new OffsetCommitRequest.Topic("orders", List.of(
                        new OffsetCommitRequest.Partition(0, 42, null),
                        new OffsetCommitRequest.Partition(5, Long.MAX_VALUE, "note " + UNICODE))),
                new OffsetCommitRequest.Topic(UNICODE, List.of())))));
        s.add(req("OffsetCommitRequest.simple", new OffsetCommitRequest("g", -1, "", List.of())));
        s.add(resp("OffsetCommitResponse", new OffsetCommitResponse(List.of(
                new OffsetCommitResponse.Topic("orders", List.of(
                        new OffsetCommitResponse.Partition(0, Errors.NONE),
                        new OffsetCommitResponse.Partition(5, Errors.ILLEGAL_GENERATION)))))));
        // OffsetFetch
        s.add(req("OffsetFetchRequest", new OffsetFetchRequest("orders-app", List.of(
                new OffsetFetchRequest.Topic("orders", List.of(0, 5, Integer.MAX_VALUE)),
                new OffsetFetchRequest.Topic(UNICODE, List.of())))));
        s.add(req("OffsetFetchRequest.all", new OffsetFetchRequest("orders-app", null)));
        s.add(resp("OffsetFetchResponse", new OffsetFetchResponse(Errors.NONE, List.of(
                new OffsetFetchResponse.Topic("orders", List.of(
                        new OffsetFetchResponse.Partition(0, 42, "note " + UNICODE, Errors.NONE),
                        new OffsetFetchResponse.Partition(1, OffsetFetchResponse.NO_OFFSET, null, Errors.NONE)))))));
        s.add(resp("OffsetFetchResponse.error", new OffsetFetchResponse(Errors.NOT_COORDINATOR, List.of())));
        // ListGroups
        s.add(req("ListGroupsRequest", new ListGroupsRequest()));
        s.add(resp("ListGroupsResponse", new ListGroupsResponse(Errors.NONE, List.of(
                new ListGroupsResponse.Group("orders-app", "consumer", "Stable"),
                new ListGroupsResponse.Group(UNICODE, "", "Empty")))));
        s.add(resp("ListGroupsResponse.empty", new ListGroupsResponse(Errors.COORDINATOR_LOAD_IN_PROGRESS, List.of())));
        // DescribeGroups
        s.add(req("DescribeGroupsRequest", new DescribeGroupsRequest(List.of("orders-app", UNICODE))));
        s.add(req("DescribeGroupsRequest.empty", new DescribeGroupsRequest(List.of())));
        s.add(resp("DescribeGroupsResponse", new DescribeGroupsResponse(List.of(
                new DescribeGroupsResponse.Group(Errors.NONE, "orders-app", "Stable", "consumer", "range", List.of(
                        new DescribeGroupsResponse.Member("m-1", "client-" + UNICODE, "/127.0.0.1:50000",
                                bytes("sub"), bytes("assignment")),
                        new DescribeGroupsResponse.Member("m-2", "", "", ByteBuffer.allocate(0),
                                ByteBuffer.allocate(0)))),
                new DescribeGroupsResponse.Group(Errors.NOT_COORDINATOR, "other", "Dead", "", "", List.of())))));
        return s;
    }

    private static Sample req(String name, ApiMessage m) {
        return new Sample(name, true, m);
    }

    private static Sample resp(String name, ApiMessage m) {
        return new Sample(name, false, m);
    }

    /** Every (sample, supported version) pair. */
    static List<Object[]> withVersions() {
        List<Object[]> out = new ArrayList<>();
        for (Sample s : all()) {
            ApiKey key = s.message().apiKey();
            for (short v = key.minVersion(); v <= key.maxVersion(); v++) {
                out.add(new Object[] {s, v});
            }
        }
        return out;
    }
}
