package io.partita.broker;

import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;
import io.partita.protocol.wire.api.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.partita.broker.BrokerTestSupport.idempotentBatch;
import static io.partita.broker.BrokerTestSupport.only;
import static io.partita.broker.BrokerTestSupport.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker in its own JVM ({@code partita server}) takes acks=all produces; the test kills it
 * with SIGKILL after a random number of acknowledgements, starts it again on the same data, and
 * checks that every acknowledged record is there, at its acknowledged offset, and that the last
 * acknowledged batch, retried, is recognised as a duplicate.
 */
@Timeout(300)
class BrokerCrashTest {
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @TempDir
    Path output;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        Random random = new Random(0xc0ffee);
        Map<Long, String> acknowledged = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            int port = freePort();
            Process broker = startBroker(port);
            try {
                awaitListening(broker, port);
                int killAfter = 20 + random.nextInt(150);
                try (TestWireClient c = new TestWireClient(port)) {
                    InitProducerIdResponse init = c.call(new InitProducerIdRequest(null, 60_000, -1, (short) -1));
                    long pid = init.producerId();
                    ByteBuffer last = null;
                    long lastOffset = -1;
                    for (int seq = 0; seq < killAfter; seq++) {
                        String value = "round-" + round + "-seq-" + seq;
                        ByteBuffer batch = idempotentBatch(pid, (short) 0, seq, value);
                        ProduceResponse.PartitionResponse r = only((ProduceResponse) c.call(
                                produce("durable", 0, (short) -1, batch)));
                        assertEquals(Errors.NONE, r.error(), r.errorMessage());
                        acknowledged.put(r.baseOffset(), value);
                        last = batch;
                        lastOffset = r.baseOffset();
                    }
                    // One more, not waited for: it may or may not make it.
                    c.send(produce("durable", 0, (short) -1, idempotentBatch(pid, (short) 0, killAfter, "unacknowledged")));
                    broker.destroyForcibly();
                    assertTrue(broker.waitFor(60, TimeUnit.SECONDS));

                    broker = startBroker(port);
                    awaitListening(broker, port);
                    verify(port, acknowledged, round);
                    try (TestWireClient again = new TestWireClient(port)) {
                        ProduceResponse.PartitionResponse retry = only((ProduceResponse) again.call(
                                produce("durable", 0, (short) -1, last)));
                        assertEquals(Errors.NONE, retry.error());
                        assertEquals(lastOffset, retry.baseOffset(), "round " + round + ": the retry was deduplicated");
                    }
                }
            } finally {
                broker.destroyForcibly();
                broker.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private void verify(int port, Map<Long, String> acknowledged, int round) throws Exception {
        Map<Long, String> found = new HashMap<>();
        try (TestWireClient c = new TestWireClient(port)) {
            for (RecordBatch b : EndToEndTest.fetchAll(c, "durable", 0)) {
                assertTrue(b.isChecksumValid());
                for (Record r : b.records()) {
                    found.put(r.offset(), new String(r.valueBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
            assertEquals(e.getValue(), found.get(e.getKey()), "round " + round + ": acknowledged offset " + e.getKey());
        }
    }

    private Process startBroker(int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "io.partita.broker.cli.PartitaCommand", "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir,
                "--override", "num.io.threads=2",
                "--override", "num.network.threads=1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(java.lang.ProcessBuilder.Redirect.appendTo(output.resolve("broker.log").toFile()))
                .start();
    }

    private static void awaitListening(Process broker, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!broker.isAlive()) {
                    throw new AssertionError("the broker exited with " + broker.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not listen on " + port);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
