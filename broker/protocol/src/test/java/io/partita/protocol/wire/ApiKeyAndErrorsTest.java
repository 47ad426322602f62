package io.partita.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the numbers that are part of the protocol, so that changing one fails a test. */
class ApiKeyAndErrorsTest {
    /** The apis declared without a codec yet: never advertised, every version refused. */
    private static final java.util.Set<ApiKey> RESERVED = java.util.EnumSet.of(ApiKey.LEADER_AND_ISR,
            ApiKey.UPDATE_METADATA, ApiKey.REPLICA_FETCH);

    @Test
    void apiKeyIdsNeverChange() {
        Map<ApiKey, Integer> pinned = new LinkedHashMap<>();
        pinned.put(ApiKey.API_VERSIONS, 0);
        pinned.put(ApiKey.METADATA, 1);
        pinned.put(ApiKey.CREATE_TOPICS, 2);
        pinned.put(ApiKey.DELETE_TOPICS, 3);
        pinned.put(ApiKey.PRODUCE, 4);
        pinned.put(ApiKey.FETCH, 5);
        pinned.put(ApiKey.LIST_OFFSETS, 6);
        pinned.put(ApiKey.INIT_PRODUCER_ID, 7);
        pinned.put(ApiKey.FIND_COORDINATOR, 8);
        pinned.put(ApiKey.JOIN_GROUP, 9);
        pinned.put(ApiKey.SYNC_GROUP, 10);
        pinned.put(ApiKey.HEARTBEAT, 11);
        pinned.put(ApiKey.LEAVE_GROUP, 12);
        pinned.put(ApiKey.OFFSET_COMMIT, 13);
        pinned.put(ApiKey.OFFSET_FETCH, 14);
        pinned.put(ApiKey.SHARE_FETCH, 15);
        pinned.put(ApiKey.SHARE_ACKNOWLEDGE, 16);
        pinned.put(ApiKey.AUTHENTICATE, 17);
        pinned.put(ApiKey.ADD_PARTITIONS_TO_TXN, 18);
        pinned.put(ApiKey.END_TXN, 19);
        pinned.put(ApiKey.LEADER_AND_ISR, 20);
        pinned.put(ApiKey.UPDATE_METADATA, 21);
        pinned.put(ApiKey.REPLICA_FETCH, 22);
        pinned.put(ApiKey.LIST_GROUPS, 23);
        pinned.put(ApiKey.DESCRIBE_GROUPS, 24);
        pinned.put(ApiKey.CREATE_SUBSCRIPTION, 25);
        pinned.put(ApiKey.DELETE_SUBSCRIPTION, 26);
        pinned.put(ApiKey.LIST_SUBSCRIPTIONS, 27);
        pinned.put(ApiKey.XA_START, 30);
        pinned.put(ApiKey.XA_PREPARE, 31);
        pinned.put(ApiKey.XA_COMMIT, 32);
        pinned.put(ApiKey.XA_ROLLBACK, 33);
        pinned.put(ApiKey.XA_RECOVER, 34);
        pinned.put(ApiKey.XA_FORGET, 35);
        pinned.put(ApiKey.SHARE_BROWSE, 40);
        pinned.put(ApiKey.TXN_SHARE_ACKNOWLEDGE, 41);
        pinned.put(ApiKey.CLIENT_ID_CLAIM, 42);
        assertEquals(ApiKey.values().length, pinned.size(), "every api id is pinned here");
        pinned.forEach((key, id) -> {
            assertEquals(id.shortValue(), key.id(), key.name());
            assertSame(key, ApiKey.forId(id.shortValue()));
        });
        assertNull(ApiKey.forId((short) 29));
        assertNull(ApiKey.forId((short) -1));
        assertNull(ApiKey.forId(Short.MAX_VALUE));
    }

    @Test
    void reservedApisAreNotAdvertisedAndRejectEveryVersion() {
        int advertised = 0;
        for (ApiKey key : ApiKey.values()) {
            boolean hasCodec = !RESERVED.contains(key);
            assertEquals(hasCodec, key.advertised(), key.name());
            if (hasCodec) {
                advertised++;
                assertTrue(key.isVersionSupported((short) 0));
            } else {
                UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                        () -> key.checkVersion((short) 0));
                assertTrue(e.getMessage().contains("supported: none"), e.getMessage());
            }
        }
        assertEquals(ApiKey.values().length - RESERVED.size(), advertised);
        assertFalse(ApiKey.FETCH.isVersionSupported((short) 1));
    }

    @Test
    void errorCodesNeverChange() {
        Map<Errors, Integer> pinned = new LinkedHashMap<>();
        pinned.put(Errors.UNKNOWN_SERVER_ERROR, -1);
        pinned.put(Errors.NONE, 0);
        pinned.put(Errors.CORRUPT_MESSAGE, 1);
        pinned.put(Errors.UNKNOWN_TOPIC_OR_PARTITION, 2);
        pinned.put(Errors.INVALID_TOPIC, 3);
        pinned.put(Errors.TOPIC_ALREADY_EXISTS, 4);
        pinned.put(Errors.INVALID_PARTITIONS, 5);
        pinned.put(Errors.INVALID_REPLICATION_FACTOR, 6);
        pinned.put(Errors.MESSAGE_TOO_LARGE, 7);
        pinned.put(Errors.RECORD_LIST_TOO_LARGE, 8);
        pinned.put(Errors.INVALID_RECORD, 9);
        pinned.put(Errors.OFFSET_OUT_OF_RANGE, 10);
        pinned.put(Errors.NOT_LEADER_OR_FOLLOWER, 11);
        pinned.put(Errors.FENCED_LEADER_EPOCH, 12);
        pinned.put(Errors.UNKNOWN_LEADER_EPOCH, 13);
        pinned.put(Errors.NOT_ENOUGH_REPLICAS, 14);
        pinned.put(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, 15);
        pinned.put(Errors.REQUEST_TIMED_OUT, 16);
        pinned.put(Errors.INVALID_REQUIRED_ACKS, 17);
        pinned.put(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, 18);
        pinned.put(Errors.DUPLICATE_SEQUENCE_NUMBER, 19);
        pinned.put(Errors.INVALID_PRODUCER_EPOCH, 20);
        pinned.put(Errors.UNKNOWN_PRODUCER_ID, 21);
        pinned.put(Errors.UNSUPPORTED_VERSION, 22);
        pinned.put(Errors.INVALID_REQUEST, 23);
        pinned.put(Errors.POLICY_VIOLATION, 24);
        pinned.put(Errors.STORAGE_ERROR, 25);
        pinned.put(Errors.COORDINATOR_NOT_AVAILABLE, 26);
        pinned.put(Errors.NOT_COORDINATOR, 27);
        pinned.put(Errors.ILLEGAL_GENERATION, 28);
        pinned.put(Errors.UNKNOWN_MEMBER_ID, 29);
        pinned.put(Errors.REBALANCE_IN_PROGRESS, 30);
        pinned.put(Errors.INVALID_SESSION_TIMEOUT, 31);
        pinned.put(Errors.GROUP_ID_NOT_FOUND, 32);
        pinned.put(Errors.SASL_AUTHENTICATION_FAILED, 33);
        pinned.put(Errors.TOPIC_AUTHORIZATION_FAILED, 34);
        pinned.put(Errors.INVALID_TXN_STATE, 35);
        pinned.put(Errors.PRODUCER_FENCED, 36);
        pinned.put(Errors.TRANSACTIONAL_ID_NOT_FOUND, 37);
        pinned.put(Errors.INVALID_TIMESTAMP, 38);
        pinned.put(Errors.STALE_CONTROLLER_EPOCH, 39);
        pinned.put(Errors.BROKER_NOT_AVAILABLE, 40);
        pinned.put(Errors.LEADER_NOT_AVAILABLE, 41);
        pinned.put(Errors.INVALID_TRANSACTION_TIMEOUT, 42);
        pinned.put(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 43);
        pinned.put(Errors.GROUP_AUTHORIZATION_FAILED, 44);
        pinned.put(Errors.CLUSTER_AUTHORIZATION_FAILED, 45);
        pinned.put(Errors.TOPIC_DELETION_IN_PROGRESS, 46);
        pinned.put(Errors.INVALID_SELECTOR, 47);
        pinned.put(Errors.INVALID_ISOLATION_LEVEL, 48);
        pinned.put(Errors.GROUP_MAX_SIZE_REACHED, 49);
        pinned.put(Errors.REPLICA_NOT_AVAILABLE, 50);
        pinned.put(Errors.FRAME_TOO_LARGE, 51);
        pinned.put(Errors.SUBSCRIPTION_IN_USE, 60);
        pinned.put(Errors.SUBSCRIPTION_NOT_FOUND, 61);
        pinned.put(Errors.INVALID_RECORD_STATE, 62);
        pinned.put(Errors.AUTHENTICATION_REQUIRED, 80);
        pinned.put(Errors.ALREADY_AUTHENTICATED, 81);
        pinned.put(Errors.UNKNOWN_XID, 70);
        pinned.put(Errors.DUPLICATE_XID, 71);
        pinned.put(Errors.TRANSACTION_TIMED_OUT, 72);
        pinned.put(Errors.TRANSACTION_ROLLED_BACK, 73);
        pinned.put(Errors.INVALID_PRODUCER_ID_MAPPING, 74);
        pinned.put(Errors.CONCURRENT_TRANSACTIONS, 75);
        pinned.put(Errors.INVALID_GROUP_ID, 52);
        pinned.put(Errors.INCONSISTENT_GROUP_PROTOCOL, 53);
        pinned.put(Errors.OFFSET_METADATA_TOO_LARGE, 54);
        pinned.put(Errors.COORDINATOR_LOAD_IN_PROGRESS, 55);
        pinned.put(Errors.CLIENT_ID_IN_USE, 63);
        assertEquals(Errors.values().length, pinned.size(), "every error code is pinned here");
        pinned.forEach((error, code) -> {
            assertEquals(code.shortValue(), error.code(), error.name());
            assertSame(error, Errors.forCode(code.shortValue()));
            assertNotNull(error.defaultMessage());
        });
    }

    @Test
    void unknownErrorCodesDecodeAsUnknownServerError() {
        assertSame(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode((short) 999));
        assertSame(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode((short) -2));
        assertSame(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode(Short.MIN_VALUE));
    }

    @Test
    void retriableFlagsOfTheCodesClientsRetryOn() {
        assertTrue(Errors.NOT_LEADER_OR_FOLLOWER.retriable());
        assertTrue(Errors.NOT_ENOUGH_REPLICAS.retriable());
        assertTrue(Errors.REQUEST_TIMED_OUT.retriable());
        assertTrue(Errors.COORDINATOR_NOT_AVAILABLE.retriable());
        assertFalse(Errors.NONE.retriable());
        assertFalse(Errors.PRODUCER_FENCED.retriable());
        assertFalse(Errors.TOPIC_ALREADY_EXISTS.retriable());
    }
}
