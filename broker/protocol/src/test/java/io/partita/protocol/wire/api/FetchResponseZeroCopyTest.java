package io.partita.protocol.wire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.partita.protocol.wire.ByteBufferRecords;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.RecordsPayload;
import io.partita.protocol.wire.SegmentedFrame;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchResponseZeroCopyTest {

    /** Stands in for the broker's slice of a segment file: only its size is known. */
    private record FileSlice(String file, long position, int sizeInBytes) implements RecordsPayload {
    }

    private static FetchResponse.PartitionData partition(int p, RecordsPayload records) {
        return new FetchResponse.PartitionData(p, Errors.NONE, 10, 10, 0, null, records);
    }

    @Test
    void responseIsCutIntoChunksAndRegionsWithTheSizeKnownUpFront() {
        FileSlice a = new FileSlice("00000000000000000000.log", 4096, 1000);
        FileSlice b = new FileSlice("00000000000000000100.log", 0, 250);
        FetchResponse response = new FetchResponse(0, Errors.NONE, List.of(
                new FetchResponse.FetchableTopic("orders", List.of(
                        partition(0, a),
                        partition(1, null),
                        partition(2, new FileSlice("empty.log", 0, 0)),
                        partition(3, b)))));

        SegmentedFrame frame = Frames.encodeResponse(42, (short) 0, response);

        List<SegmentedFrame.Segment> s = frame.segments();
        assertEquals(4, s.size(), s.toString());
        assertInstanceOf(SegmentedFrame.Chunk.class, s.get(0));
        assertSame(a, ((SegmentedFrame.Records) s.get(1)).payload());
        assertInstanceOf(SegmentedFrame.Chunk.class, s.get(2));
        assertSame(b, ((SegmentedFrame.Records) s.get(3)).payload());

        ByteBuffer head = ((SegmentedFrame.Chunk) s.get(0)).bytes();
        assertEquals(frame.totalBytes() - Frames.SIZE_PREFIX_BYTES, head.getInt(0), "size prefix");
        assertEquals(42, head.getInt(4), "correlation id");
        assertEquals(1000, head.getInt(head.limit() - 4), "records length just before the region");
        // Headers: 4 size + 4 correlation + 4 throttle + 2 error + 4 count + 8 name + 4 count,
        // then per partition 4 + 2 + 8 * 3 + 4 aborted + 4 length = 38.
        assertEquals(4 + 4 + 4 + 2 + 4 + 8 + 4 + 4 * 38 + 1000 + 250, frame.totalBytes());
    }

    @Test
    void segmentedAndInlineEncodingsProduceTheSameBytes() {
        FetchResponse response = (FetchResponse) Samples.all().stream()
                .filter(x -> x.name().equals("FetchResponse")).findFirst().orElseThrow().message();
        ByteBuffer viaSegments = Frames.encodeResponse(7, (short) 0, response).toByteBuffer();

        WireWriter inline = new WireWriter();
        inline.writeInt32(0);
        inline.writeInt32(7);
        response.write(inline, (short) 0);
        inline.setInt32At(0, inline.position() - 4);
        assertEquals(inline.toByteBuffer(), viaSegments);
    }

    @Test
    void decodedRecordsAreSlicesOfTheFrame() {
        byte[] payload = {1, 2, 3, 4, 5};
        FetchResponse response = new FetchResponse(0, Errors.NONE, List.of(new FetchResponse.FetchableTopic("t",
                List.of(partition(0, ByteBufferRecords.wrap(payload))))));
        ByteBuffer frame = Frames.encodeResponse(1, (short) 0, response).toByteBuffer();

        ApiMessages.DecodedResponse decoded = ApiMessages.decodeResponse(frame.slice(4, frame.remaining() - 4),
                response.apiKey(), (short) 0);
        ByteBuffer records = ((FetchResponse) decoded.body()).topics().get(0).partitions().get(0).recordsBuffer();
        assertEquals(ByteBuffer.wrap(payload), records);
        assertSame(frame.array(), records.array(), "no copy: the slice shares the frame's memory");
    }

    @Test
    void inlineWriteRefusesPayloadsThatAreNotInMemory() {
        FetchResponse response = new FetchResponse(0, Errors.NONE, List.of(new FetchResponse.FetchableTopic("t",
                List.of(partition(0, new FileSlice("x.log", 0, 10))))));
        assertThrows(IllegalArgumentException.class, () -> response.write(new WireWriter(), (short) 0));
        assertThrows(IllegalStateException.class, () -> Frames.encodeResponse(1, (short) 0, response).toByteBuffer());
    }

    @Test
    void responsesWithoutRecordsAreOneChunk() {
        SegmentedFrame frame = Frames.encodeResponse(3, (short) 0,
                new InitProducerIdResponse(Errors.NONE, 5, (short) 0));
        assertEquals(1, frame.segments().size());
        assertEquals(4 + 4 + 2 + 8 + 2, frame.totalBytes());
    }
}
