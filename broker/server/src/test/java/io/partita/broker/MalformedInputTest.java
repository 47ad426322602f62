package io.partita.broker;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.api.ApiVersionsRequest;
import io.partita.protocol.wire.api.ApiVersionsResponse;
import io.partita.protocol.wire.api.FetchResponse;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.partita.broker.BrokerTestSupport.batch;
import static io.partita.broker.BrokerTestSupport.fetch;
import static io.partita.broker.BrokerTestSupport.only;
import static io.partita.broker.BrokerTestSupport.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded fuzz run against a running broker: 2,000 connections with fixed seeds send random
 * bytes, truncated frames, wrong lengths, unknown api keys, bodies of random bytes and huge
 * declared sizes. Between rounds a well-behaved client still gets correct answers; at the end
 * the heap, after a GC, is still small.
 */
@Timeout(300)
class MalformedInputTest {
    private static final int CONNECTIONS = 2_000;
    private static final int ROUND = 100;
    private static final long HEAP_BOUND_BYTES = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void malformedInputClosesOnlyItsConnectionAndNeverHurtsTheBroker() throws Exception {
        try (PartitaServer server = PartitaServer.start(BrokerTestSupport.config(dir)
                .with("socket.request.max.bytes", 1 << 20))) {
            Random random = new Random(0x5eed_2026L);
            byte[] valid = TestWireClient.bytes(Frames.encodeRequest(new RequestHeader(ApiKey.METADATA, (short) 0, 9, "fuzz"),
                    new MetadataRequest(List.of("fuzzed", "other"), true)));
            int wellBehavedRounds = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                byte[] input = malformed(random, i % 7, valid);
                boolean expectClose = i % 7 == 3 || i % 7 == 4;
                hit(server.port(), input, expectClose);
                if (i % ROUND == ROUND - 1) {
                    checkWellBehavedClient(server.port(), wellBehavedRounds++);
                }
            }
            checkHeap();
            checkWellBehavedClient(server.port(), wellBehavedRounds);
        }
    }

    private static byte[] malformed(Random random, int kind, byte[] valid) {
        switch (kind) {
            case 0: { // random bytes
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                return b;
            }
            case 1: // a valid frame cut short
                return Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            case 2: { // a wrong length: the declared size disagrees with the bytes that follow
                byte[] b = valid.clone();
                int size = valid.length - 4 + (random.nextBoolean() ? -1 - random.nextInt(8) : 1 + random.nextInt(8));
                ByteBuffer.wrap(b).putInt(0, size);
                return b;
            }
            case 3: { // an unknown or reserved api key, then a body
                byte[] b = valid.clone();
                short key = random.nextBoolean() ? (short) (100 + random.nextInt(30_000)) : (short) (8 + random.nextInt(15));
                ByteBuffer.wrap(b).putShort(4, key);
                return b;
            }
            case 4: { // a huge or negative declared size, then a little data
                byte[] b = new byte[4 + random.nextInt(64)];
                random.nextBytes(b);
                int[] sizes = {0x7fffffff, (1 << 20) + 1, -1, Integer.MIN_VALUE, 0x40000000};
                ByteBuffer.wrap(b).putInt(0, sizes[random.nextInt(sizes.length)]);
                return b;
            }
            case 5: { // a valid header with a body of random bytes
                byte[] header = Arrays.copyOf(valid, 4 + 2 + 2 + 4 + 2 + 4);
                byte[] body = new byte[random.nextInt(200)];
                random.nextBytes(body);
                byte[] b = Arrays.copyOf(header, header.length + body.length);
                System.arraycopy(body, 0, b, header.length, body.length);
                ByteBuffer.wrap(b).putInt(0, b.length - 4);
                ByteBuffer.wrap(b).putShort(4, (short) random.nextInt(8));
                return b;
            }
            default: { // a valid frame with one random byte flipped
                byte[] b = valid.clone();
                int at = 4 + random.nextInt(valid.length - 4);
                b[at] ^= (byte) (1 + random.nextInt(255));
                return b;
            }
        }
    }

    /** Sends the bytes; when the broker must close, waits (bounded) to see it close. */
    private static void hit(int port, byte[] input, boolean expectClose) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(input);
            out.flush();
            if (expectClose) {
                InputStream in = s.getInputStream();
                byte[] sink = new byte[4096];
                try {
                    while (in.read(sink) >= 0) {
                        // drain anything the broker answered before closing
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the broker kept a connection open after " + describe(input), e);
                } catch (IOException e) {
                    // reset by the broker: closed
                }
            }
        }
    }

    private static String describe(byte[] input) {
        return input.length + " bytes starting " + Arrays.toString(Arrays.copyOf(input, Math.min(12, input.length)));
    }

    private static void checkWellBehavedClient(int port, int round) throws Exception {
        try (TestWireClient c = new TestWireClient(port)) {
            assertEquals(Errors.NONE, ((ApiVersionsResponse) c.call(new ApiVersionsRequest())).error());
            ProduceResponse.PartitionResponse p = only((ProduceResponse) c.call(produce("sane", 0, (short) -1,
                    batch(System.currentTimeMillis(), "round-" + round))));
            assertEquals(Errors.NONE, p.error());
            assertEquals(round, p.baseOffset());
            FetchResponse.PartitionData data = only((FetchResponse) c.call(fetch("sane", 0, round, 0, 0)));
            assertEquals(List.of("round-" + round), EndToEndTest.values(data));
        }
    }

    private static void checkHeap() {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertTrue(used < HEAP_BOUND_BYTES, "heap used after GC: " + used + " bytes");
    }
}
