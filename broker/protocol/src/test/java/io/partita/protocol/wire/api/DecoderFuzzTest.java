package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.UnsupportedVersionException;
import io.partita.protocol.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing with fixed seeds: garbage and mutated valid encodings fed to every decoder
 * must either decode cleanly or throw {@link MalformedFrameException}; nothing else may escape.
 * A failure prints the seed, the api and the input in hex, so it can be replayed.
 */
class DecoderFuzzTest {

    private static final int ITERATIONS = 100_000;

    private static final List<ApiKey> CODECS = List.of(ApiKey.values()).stream().filter(ApiKey::advertised).toList();

    @Test
    void randomBytesIntoEveryBodyDecoder() {
        SplittableRandom random = new SplittableRandom(0x5eed_0001L);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = new byte[random.nextInt(0, 96)];
            fill(random, input);
            ApiKey key = CODECS.get(i % CODECS.size());
            decodeBody(key, i % 2 == 0, input, "random #" + i);
        }
    }

    @Test
    void mutatedValidBodiesIntoTheirDecoder() {
        List<Samples.Sample> samples = Samples.all();
        List<byte[]> encoded = new ArrayList<>();
        for (Samples.Sample s : samples) {
            ByteBuffer body = MessageRoundTripTest.encodeBody(s.message(), (short) 0);
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            encoded.add(bytes);
        }
        SplittableRandom random = new SplittableRandom(0x5eed_0002L);
        for (int i = 0; i < ITERATIONS; i++) {
            int which = i % samples.size();
            byte[] input = mutate(random, encoded.get(which));
            Samples.Sample s = samples.get(which);
            decodeBody(s.message().apiKey(), s.request(), input, "mutation #" + i + " of " + s);
        }
    }

    @Test
    void mutatedRequestFramesIntoTheFrameDecoder() {
        List<byte[]> frames = new ArrayList<>();
        for (Samples.Sample s : Samples.all()) {
            if (s.request()) {
                ByteBuffer f = Frames.encodeRequest(new RequestHeader(s.message().apiKey(), (short) 0, 9, "fuzz"),
                        (ApiRequest) s.message());
                byte[] bytes = new byte[f.remaining() - 4];
                f.position(4).get(bytes);
                frames.add(bytes);
            }
        }
        SplittableRandom random = new SplittableRandom(0x5eed_0003L);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(random, frames.get(i % frames.size()));
            try {
                ApiMessages.decodeRequest(ByteBuffer.wrap(input));
            } catch (MalformedFrameException | UnsupportedVersionException expected) {
                // a mutated header may name a reserved api or an unsupported version
            } catch (Throwable t) {
                throw new AssertionError("frame mutation #" + i + ": " + HexFormat.of().formatHex(input), t);
            }
        }
    }

    private static void decodeBody(ApiKey key, boolean request, byte[] input, String what) {
        WireReader reader = new WireReader(ByteBuffer.wrap(input));
        try {
            if (request) {
                ApiMessages.readRequest(key, (short) 0, reader);
            } else {
                ApiMessages.readResponse(key, (short) 0, reader);
            }
            reader.expectEnd(what);
        } catch (MalformedFrameException expected) {
            // fine
        } catch (Throwable t) {
            throw new AssertionError(what + " (" + key + (request ? " request" : " response") + "): "
                    + HexFormat.of().formatHex(input), t);
        }
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        for (int j = 0; j < bytes.length; j++) {
            bytes[j] = (byte) random.nextInt(256);
        }
    }

    /** Flips bytes, plants extreme int32 values, truncates or extends. */
    private static byte[] mutate(SplittableRandom random, byte[] original) {
        byte[] b;
        int kind = random.nextInt(4);
        if (kind == 3 && original.length > 0) {
            b = java.util.Arrays.copyOf(original, random.nextInt(original.length * 2 + 1));
        } else {
            b = original.clone();
        }
        if (b.length == 0) {
            return b;
        }
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            if (kind == 1 && at + 4 <= b.length) {
                int[] extremes = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 0x7fff, 0xffff, 65536};
                ByteBuffer.wrap(b).putInt(at, extremes[random.nextInt(extremes.length)]);
            } else if (kind == 2 && at + 2 <= b.length) {
                ByteBuffer.wrap(b).putShort(at, (short) (random.nextBoolean() ? -1 : 0x7fff));
            } else {
                b[at] = (byte) random.nextInt(256);
            }
        }
        return b;
    }
}
