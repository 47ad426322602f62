package io.partita.protocol.wire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.UnsupportedVersionException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Truncated, oversized and otherwise hostile input fails with MalformedFrameException only. */
class MalformedInputTest {

    static Stream<Arguments> samples() {
        return MessageRoundTripTest.samples();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("samples")
    void everyTruncationOfTheBodyIsMalformed(Samples.Sample sample, short version) {
        ByteBuffer body = MessageRoundTripTest.encodeBody(sample.message(), version);
        for (int length = 0; length < body.remaining(); length++) {
            ByteBuffer truncated = body.slice(0, length);
            assertOnlyMalformed(() -> MessageRoundTripTest.decodeBody(sample, version, truncated),
                    sample + " truncated to " + length + " bytes");
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("samples")
    void everyTruncationOfTheRequestFrameIsMalformed(Samples.Sample sample, short version) {
        if (!sample.request()) {
            return;
        }
        ByteBuffer frame = Frames.encodeRequest(new RequestHeader(sample.message().apiKey(), version, 1, "c"),
                (ApiRequest) sample.message());
        ByteBuffer withoutPrefix = frame.slice(4, frame.remaining() - 4);
        for (int length = 0; length < withoutPrefix.remaining(); length++) {
            ByteBuffer truncated = withoutPrefix.slice(0, length);
            assertOnlyMalformed(() -> ApiMessages.decodeRequest(truncated), sample + " frame truncated to " + length);
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("samples")
    void trailingBytesAreMalformed(Samples.Sample sample, short version) {
        ByteBuffer body = MessageRoundTripTest.encodeBody(sample.message(), version);
        ByteBuffer longer = ByteBuffer.allocate(body.remaining() + 1).put(body.duplicate()).put((byte) 0).flip();
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> MessageRoundTripTest.decodeBody(sample, version, longer));
        assertTrue(e.getMessage().contains("1 unexpected bytes"), e.getMessage());
    }

    /** Puts an int32 count of Integer.MAX_VALUE where each API's first array is, in a 20-byte buffer. */
    @ParameterizedTest
    @EnumSource(value = ApiKey.class, names = {"METADATA", "CREATE_TOPICS", "DELETE_TOPICS", "PRODUCE", "FETCH",
            "LIST_OFFSETS", "SHARE_BROWSE", "JOIN_GROUP", "SYNC_GROUP", "OFFSET_COMMIT", "OFFSET_FETCH", "DESCRIBE_GROUPS"})
    void hugeFirstArrayCountFailsBeforeAllocating(ApiKey key) {
        WireWriter w = new WireWriter();
        switch (key) {
            case PRODUCE -> {
                w.writeInt16(-1);   // transactionalId null
                w.writeInt16(1);    // acks
                w.writeInt32(100);  // timeoutMs
            }
            case FETCH -> {
                w.writeInt32(-1);
                w.writeInt32(500);
                w.writeInt32(1);
                w.writeInt32(1024);
                w.writeInt8(0);
            }
            case LIST_OFFSETS -> {
                w.writeInt32(-1);
                w.writeInt8(0);
            }
            case SHARE_BROWSE -> {
                w.writeString("queue:q");
                w.writeString("q");
            }
            case JOIN_GROUP -> {
                w.writeString("g");
                w.writeInt32(10_000);
                w.writeInt32(10_000);
                w.writeString("");
                w.writeString("consumer");
            }
            case SYNC_GROUP, OFFSET_COMMIT -> {
                w.writeString("g");
                w.writeInt32(1);
                w.writeString("m");
            }
            case OFFSET_FETCH -> w.writeString("g");
            default -> {
            }
        }
        w.writeInt32(Integer.MAX_VALUE);
        int size = Math.max(20, w.position());
        ByteBuffer body = ByteBuffer.allocate(size).put(w.toByteBuffer()).flip().limit(size);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> ApiMessages.readRequest(key, (short) 0, new WireReader(body)));
        assertTrue(e.getMessage().contains("element count 2147483647"), e.getMessage());
    }

    @Test
    void hugeCountsLengthsAndSizesInResponsesFailFast() {
        // ApiVersionsResponse: error NONE, then a count of MAX_VALUE.
        assertMalformed("0000 7fffffff 0000000000000000000000000000", r -> ApiVersionsResponse.read(r, (short) 0),
                "element count 2147483647");
        // FetchResponse: throttle, error, 1 topic named "t", 1 partition ..., records length MAX_VALUE.
        assertMalformed("00000000 0000 00000001 0001 74 00000001 00000000 0000"
                        + " 0000000000000000 0000000000000000 0000000000000000 ffffffff 7fffffff 00",
                r -> FetchResponse.read(r, (short) 0), "byte length 2147483647");
        // MetadataResponse: 1 broker whose host claims 32767 bytes.
        assertMalformed("00000001 00000001 7fff 6869 00000000", r -> MetadataResponse.read(r, (short) 0),
                "string length 32767");
        // A nullable string of length -2.
        assertMalformed("fffe", r -> InitProducerIdRequest.read(r, (short) 0), "string length -2 is negative");
        // A nullable array count of -2.
        assertMalformed("fffffffe 00", r -> MetadataRequest.read(r, (short) 0), "element count -2 is negative");
        // A boolean of 2.
        assertMalformed("ffffffff 02", r -> MetadataRequest.read(r, (short) 0), "boolean must be 0 or 1");
        // A duplicate config name.
        assertMalformed("00000001 0001 74 00000001 0001 00000002 0001 61 ffff 0001 61 ffff 00000000 00",
                r -> CreateTopicsRequest.read(r, (short) 0), "duplicate config 'a'");
    }

    @Test
    void unknownApiKeyInTheHeaderIsMalformedAndUnsupportedVersionIsNot() {
        assertMalformed("03e7 0000 00000001 ffff", RequestHeader::read, "unknown api key 999");
        ByteBuffer reserved = ByteBuffer.wrap(HexFormat.of().parseHex("0014 0000 00000001 ffff".replace(" ", "")));
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                () -> ApiMessages.decodeRequest(reserved));
        assertEquals(ApiKey.LEADER_AND_ISR, e.apiKey());
        ByteBuffer fetchV9 = ByteBuffer.wrap(HexFormat.of().parseHex("0005 0009 00000001 ffff".replace(" ", "")));
        assertThrows(UnsupportedVersionException.class, () -> ApiMessages.decodeRequest(fetchV9));
    }

    @Test
    void declaredFrameSizeIsCheckedAgainstTheLimitNamingBothNumbers() {
        assertEquals(100, Frames.checkFrameSize(100, 100));
        MalformedFrameException big = assertThrows(MalformedFrameException.class,
                () -> Frames.checkFrameSize(104_857_601, Frames.DEFAULT_MAX_FRAME_BYTES));
        assertTrue(big.getMessage().contains("104857601") && big.getMessage().contains("104857600"), big.getMessage());
        MalformedFrameException negative = assertThrows(MalformedFrameException.class,
                () -> Frames.checkFrameSize(-5, 100));
        assertTrue(negative.getMessage().contains("-5"), negative.getMessage());
    }

    private static void assertMalformed(String hex, java.util.function.Function<WireReader, Object> decode,
                                        String expectedText) {
        ByteBuffer buf = ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", "")));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode.apply(new WireReader(buf)));
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
    }

    static void assertOnlyMalformed(Runnable decode, String what) {
        try {
            decode.run();
            fail(what + ": decoded without error");
        } catch (MalformedFrameException expected) {
            // the only acceptable outcome
        } catch (Throwable t) {
            throw new AssertionError(what + ": expected MalformedFrameException, got " + t, t);
        }
    }
}
