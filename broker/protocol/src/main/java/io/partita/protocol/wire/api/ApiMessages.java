package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.ResponseHeader;
import io.partita.protocol.wire.UnsupportedVersionException;
import io.partita.protocol.wire.WireReader;
import java.nio.ByteBuffer;

/**
 * Decodes message bodies by api key, and whole frames (header and body).
 *
 * <p>A server that wants to answer unsupported versions rather than close the connection reads
 * the header first with {@link RequestHeader#read}, checks
 * {@link ApiKey#isVersionSupported(short)}, and only then calls {@link #readRequest}.
 */
public final class ApiMessages {

    private ApiMessages() {
    }

    /** A decoded request frame. */
    public record DecodedRequest(RequestHeader header, ApiRequest body) {
    }

    /** A decoded response frame. */
    public record DecodedResponse(ResponseHeader header, ApiResponse body) {
    }

    /**
     * Decodes a request body.
     *
     * @param key the api
     * @param version the api version
     * @param reader the reader, at the start of the body
     * @return the body; the reader is left after it
     * @throws MalformedFrameException if the bytes are not a valid body
     * @throws UnsupportedVersionException if this build has no codec for the api version
     */
    public static ApiRequest readRequest(ApiKey key, short version, WireReader reader) {
        return switch (key) {
            case API_VERSIONS -> ApiVersionsRequest.read(reader, version);
            case METADATA -> MetadataRequest.read(reader, version);
            case CREATE_TOPICS -> CreateTopicsRequest.read(reader, version);
            case DELETE_TOPICS -> DeleteTopicsRequest.read(reader, version);
            case PRODUCE -> ProduceRequest.read(reader, version);
            case FETCH -> FetchRequest.read(reader, version);
            case LIST_OFFSETS -> ListOffsetsRequest.read(reader, version);
            case INIT_PRODUCER_ID -> InitProducerIdRequest.read(reader, version);
            case SHARE_FETCH -> ShareFetchRequest.read(reader, version);
            case SHARE_ACKNOWLEDGE -> ShareAcknowledgeRequest.read(reader, version);
            case CREATE_SUBSCRIPTION -> CreateSubscriptionRequest.read(reader, version);
            case DELETE_SUBSCRIPTION -> DeleteSubscriptionRequest.read(reader, version);
            case LIST_SUBSCRIPTIONS -> ListSubscriptionsRequest.read(reader, version);
            case AUTHENTICATE -> AuthenticateRequest.read(reader, version);
            case ADD_PARTITIONS_TO_TXN -> AddPartitionsToTxnRequest.read(reader, version);
            case END_TXN -> EndTxnRequest.read(reader, version);
            case XA_START -> XaStartRequest.read(reader, version);
            case XA_PREPARE -> XaPrepareRequest.read(reader, version);
            case XA_COMMIT -> XaCommitRequest.read(reader, version);
            case XA_ROLLBACK -> XaRollbackRequest.read(reader, version);
            case XA_RECOVER -> XaRecoverRequest.read(reader, version);
            case XA_FORGET -> XaForgetRequest.read(reader, version);
            case SHARE_BROWSE -> ShareBrowseRequest.read(reader, version);
            case FIND_COORDINATOR -> FindCoordinatorRequest.read(reader, version);
            case JOIN_GROUP -> JoinGroupRequest.read(reader, version);
            case SYNC_GROUP -> SyncGroupRequest.read(reader, version);
            case HEARTBEAT -> HeartbeatRequest.read(reader, version);
            case LEAVE_GROUP -> LeaveGroupRequest.read(reader, version);
            case OFFSET_COMMIT -> OffsetCommitRequest.read(reader, version);
            case OFFSET_FETCH -> OffsetFetchRequest.read(reader, version);
            case LIST_GROUPS -> ListGroupsRequest.read(reader, version);
            case DESCRIBE_GROUPS -> DescribeGroupsRequest.read(reader, version);
            case TXN_SHARE_ACKNOWLEDGE -> TxnShareAcknowledgeRequest.read(reader, version);
            case CLIENT_ID_CLAIM -> ClientIdClaimRequest.read(reader, version);
            default -> throw new UnsupportedVersionException(key, version);
        };
    }

    /**
     * Decodes a response body.
     *
     * @param key the api of the request this answers
     * @param version the api version of that request
     * @param reader the reader, at the start of the body
     * @return the body; the reader is left after it
     * @throws MalformedFrameException if the bytes are not a valid body
     * @throws UnsupportedVersionException if this build has no codec for the api version
     */
    public static ApiResponse readResponse(ApiKey key, short version, WireReader reader) {
        return switch (key) {
            case API_VERSIONS -> ApiVersionsResponse.read(reader, version);
            case METADATA -> MetadataResponse.read(reader, version);
            case CREATE_TOPICS -> CreateTopicsResponse.read(reader, version);
            case DELETE_TOPICS -> DeleteTopicsResponse.read(reader, version);
            case PRODUCE -> ProduceResponse.read(reader, version);
            case FETCH -> FetchResponse.read(reader, version);
            case LIST_OFFSETS -> ListOffsetsResponse.read(reader, version);
            case INIT_PRODUCER_ID -> InitProducerIdResponse.read(reader, version);
            case SHARE_FETCH -> ShareFetchResponse.read(reader, version);
            case SHARE_ACKNOWLEDGE -> ShareAcknowledgeResponse.read(reader, version);
            case CREATE_SUBSCRIPTION -> CreateSubscriptionResponse.read(reader, version);
            case DELETE_SUBSCRIPTION -> DeleteSubscriptionResponse.read(reader, version);
            case LIST_SUBSCRIPTIONS -> ListSubscriptionsResponse.read(reader, version);
            case AUTHENTICATE -> AuthenticateResponse.read(reader, version);
            case ADD_PARTITIONS_TO_TXN -> AddPartitionsToTxnResponse.read(reader, version);
            case END_TXN -> EndTxnResponse.read(reader, version);
            case XA_START -> XaStartResponse.read(reader, version);
            case XA_PREPARE -> XaPrepareResponse.read(reader, version);
            case XA_COMMIT -> XaCommitResponse.read(reader, version);
            case XA_ROLLBACK -> XaRollbackResponse.read(reader, version);
            case XA_RECOVER -> XaRecoverResponse.read(reader, version);
            case XA_FORGET -> XaForgetResponse.read(reader, version);
            case SHARE_BROWSE -> ShareBrowseResponse.read(reader, version);
            case FIND_COORDINATOR -> FindCoordinatorResponse.read(reader, version);
            case JOIN_GROUP -> JoinGroupResponse.read(reader, version);
            case SYNC_GROUP -> SyncGroupResponse.read(reader, version);
            case HEARTBEAT -> HeartbeatResponse.read(reader, version);
            case LEAVE_GROUP -> LeaveGroupResponse.read(reader, version);
            case OFFSET_COMMIT -> OffsetCommitResponse.read(reader, version);
            case OFFSET_FETCH -> OffsetFetchResponse.read(reader, version);
            case LIST_GROUPS -> ListGroupsResponse.read(reader, version);
            case DESCRIBE_GROUPS -> DescribeGroupsResponse.read(reader, version);
            case TXN_SHARE_ACKNOWLEDGE -> TxnShareAcknowledgeResponse.read(reader, version);
            case CLIENT_ID_CLAIM -> ClientIdClaimResponse.read(reader, version);
            default -> throw new UnsupportedVersionException(key, version);
        };
    }

    /**
     * Decodes a whole request frame, without its size prefix; every byte must be used.
     *
     * @param frame the bytes after the size prefix; its position is not changed
     * @return the header and body
     * @throws MalformedFrameException if the frame is not valid
     * @throws UnsupportedVersionException if this build has no codec for the header's version
     */
    public static DecodedRequest decodeRequest(ByteBuffer frame) {
        WireReader reader = new WireReader(frame);
        RequestHeader header = RequestHeader.read(reader);
        ApiRequest body = readRequest(header.apiKey(), header.apiVersion(), reader);
        reader.expectEnd(header.apiKey() + " request v" + header.apiVersion());
        return new DecodedRequest(header, body);
    }

    /**
     * Decodes a whole response frame, without its size prefix; every byte must be used.
     *
     * @param frame the bytes after the size prefix; its position is not changed
     * @param key the api of the request this answers
     * @param version the api version of that request
     * @return the header and body
     * @throws MalformedFrameException if the frame is not valid
     * @throws UnsupportedVersionException if this build has no codec for the version
     */
    public static DecodedResponse decodeResponse(ByteBuffer frame, ApiKey key, short version) {
        WireReader reader = new WireReader(frame);
        ResponseHeader header = ResponseHeader.read(reader);
        ApiResponse body = readResponse(key, version, reader);
        reader.expectEnd(key + " response v" + version);
        return new DecodedResponse(header, body);
    }
}
