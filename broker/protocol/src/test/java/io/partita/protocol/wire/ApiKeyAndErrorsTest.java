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

    @Test
    void apiKeyIdsNeverChange() {
        ApiKey[] order = {
            ApiKey.API_VERSIONS, ApiKey.METADATA, ApiKey.CREATE_TOPICS, ApiKey.DELETE_TOPICS, ApiKey.PRODUCE,
            ApiKey.FETCH, ApiKey.LIST_OFFSETS, ApiKey.INIT_PRODUCER_ID, ApiKey.FIND_COORDINATOR, ApiKey.JOIN_GROUP,
            ApiKey.SYNC_GROUP, ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP, ApiKey.OFFSET_COMMIT, ApiKey.OFFSET_FETCH,
            ApiKey.SHARE_FETCH, ApiKey.SHARE_ACKNOWLEDGE, ApiKey.AUTHENTICATE, ApiKey.ADD_PARTITIONS_TO_TXN,
            ApiKey.END_TXN, ApiKey.LEADER_AND_ISR, ApiKey.UPDATE_METADATA, ApiKey.REPLICA_FETCH, ApiKey.LIST_GROUPS,
            ApiKey.DESCRIBE_GROUPS,
        };
        assertEquals(ApiKey.values().length, order.length);
        for (int id = 0; id < order.length; id++) {
            assertEquals(id, order[id].id(), order[id].name());
            assertSame(order[id], ApiKey.forId((short) id));
        }
        assertNull(ApiKey.forId((short) 25));
        assertNull(ApiKey.forId((short) -1));
    }

    @Test
    void reservedApisAreNotAdvertisedAndRejectEveryVersion() {
        int advertised = 0;
        for (ApiKey key : ApiKey.values()) {
            boolean hasCodec = key.id() <= ApiKey.OFFSET_FETCH.id() || key == ApiKey.LIST_GROUPS
                    || key == ApiKey.DESCRIBE_GROUPS;
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
        assertEquals(17, advertised);
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
        pinned.put(Errors.INVALID_GROUP_ID, 52);
        pinned.put(Errors.INCONSISTENT_GROUP_PROTOCOL, 53);
        pinned.put(Errors.OFFSET_METADATA_TOO_LARGE, 54);
        pinned.put(Errors.COORDINATOR_LOAD_IN_PROGRESS, 55);
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
