package io.partita.protocol.wire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiMessage;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTest {

    static Stream<Arguments> samples() {
        return Samples.withVersions().stream().map(Arguments::of);
    }

    static ByteBuffer encodeBody(ApiMessage m, short version) {
        WireWriter w = new WireWriter(8);
        m.write(w, version);
        return w.toByteBuffer();
    }

    static ApiMessage decodeBody(Samples.Sample s, short version, ByteBuffer body) {
        WireReader r = new WireReader(body);
        ApiKey key = s.message().apiKey();
        ApiMessage m = s.request() ? ApiMessages.readRequest(key, version, r) : ApiMessages.readResponse(key, version, r);
        r.expectEnd(s.name());
        return m;
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("samples")
    void bodyRoundTrips(Samples.Sample sample, short version) {
        ByteBuffer body = encodeBody(sample.message(), version);
        // Decode from a writable copy so that record slices print like the sample's buffers.
        ByteBuffer writable = ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip();
        ApiMessage decoded = decodeBody(sample, version, writable);
        assertEquals(sample.message(), decoded);
        assertEquals(sample.message().hashCode(), decoded.hashCode());
        assertEquals(sample.message().toString(), decoded.toString());
        // Encoding what was decoded gives the same bytes.
        assertEquals(body, encodeBody(decoded, version));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("samples")
    void frameRoundTrips(Samples.Sample sample, short version) {
        if (sample.request()) {
            RequestHeader header = new RequestHeader(sample.message().apiKey(), version, 123_456, "client-" + Samples.UNICODE);
            ByteBuffer frame = Frames.encodeRequest(header, (ApiRequest) sample.message());
            assertEquals(frame.remaining() - Frames.SIZE_PREFIX_BYTES, frame.getInt(0));
            ApiMessages.DecodedRequest decoded = ApiMessages.decodeRequest(frame.slice(4, frame.remaining() - 4));
            assertEquals(header, decoded.header());
            assertEquals(sample.message(), decoded.body());
        } else {
            ByteBuffer frame = Frames.encodeResponseBytes(-7, version, (ApiResponse) sample.message());
            assertEquals(frame.remaining() - Frames.SIZE_PREFIX_BYTES, frame.getInt(0));
            ApiMessages.DecodedResponse decoded = ApiMessages.decodeResponse(frame.slice(4, frame.remaining() - 4),
                    sample.message().apiKey(), version);
            assertEquals(-7, decoded.header().correlationId());
            assertEquals(sample.message(), decoded.body());
        }
    }

    @Test
    void everyAdvertisedApiHasRequestAndResponseSamples() {
        Set<ApiKey> requests = EnumSet.noneOf(ApiKey.class);
        Set<ApiKey> responses = EnumSet.noneOf(ApiKey.class);
        for (Samples.Sample s : Samples.all()) {
            (s.request() ? requests : responses).add(s.message().apiKey());
            assertEquals(s.request(), s.message() instanceof ApiRequest, s.name());
        }
        for (ApiKey key : ApiKey.values()) {
            assertEquals(key.advertised(), requests.contains(key), key + " request sample");
            assertEquals(key.advertised(), responses.contains(key), key + " response sample");
        }
    }

    @Test
    void apiVersionsOfThisBuildListsExactlyTheAdvertisedApis() {
        List<ApiVersionsResponse.ApiVersion> list = ApiVersionsResponse.ofThisBuild().apiKeys();
        assertEquals(java.util.Arrays.stream(ApiKey.values()).filter(ApiKey::advertised).count(), list.size());
        for (ApiVersionsResponse.ApiVersion v : list) {
            ApiKey key = ApiKey.forId(v.apiKey());
            assertTrue(key.advertised());
            assertEquals(key.minVersion(), v.minVersion());
            assertEquals(key.maxVersion(), v.maxVersion());
        }
        assertFalse(list.stream().anyMatch(v -> v.apiKey() == ApiKey.LEADER_AND_ISR.id()));
    }

    @Test
    void decodedProduceRecordsAreSlicesOfTheFrameNotCopies() {
        ProduceRequest request = new ProduceRequest(null, (short) 1, 100, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(0, Samples.bytes("0123456789"))))));
        ByteBuffer body = encodeBody(request, (short) 0);
        ByteBuffer heap = ByteBuffer.allocate(body.remaining()).put(body).flip();
        ProduceRequest decoded = ProduceRequest.read(new WireReader(heap), (short) 0);
        ByteBuffer records = decoded.topics().get(0).partitions().get(0).records();
        heap.put(heap.limit() - 1, (byte) 'X');
        assertEquals('X', records.get(records.limit() - 1));
        assertEquals(0, heap.position(), "the caller's buffer position is untouched");
    }
}
