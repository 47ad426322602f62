package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.OffsetCommitRequest;
import io.partita.protocol.wire.api.OffsetCommitResponse;
import io.partita.protocol.wire.api.OffsetFetchRequest;
import io.partita.protocol.wire.api.OffsetFetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker in its own JVM acknowledges offset commits; the test kills it with SIGKILL after a
 * random number of them, starts a broker on the same data, and checks that the last acknowledged
 * offset of each partition was replayed from {@code __consumer_offsets} (or the one commit sent
 * but not acknowledged, which may have made it).
 */
@Timeout(300)
class OffsetCommitCrashTest {
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    @TempDir
    Path output;

    private static OffsetCommitRequest commit(long offset) {
        return new OffsetCommitRequest("crash-group", -1, "", List.of(new OffsetCommitRequest.Topic("orders", List.of(
                new OffsetCommitRequest.Partition(0, offset, "at " + offset),
                new OffsetCommitRequest.Partition(1, 2 * offset, null)))));
    }

    @Test
    void everyAcknowledgedCommitSurvivesSigkill() throws Exception {
        Random random = new Random(0x0ff5e7);
        long acknowledged = -1;
        for (int round = 0; round < ROUNDS; round++) {
            int port = freePort();
            Process broker = startBroker(port);
            try {
                awaitListening(broker, port);
                int killAfter = 10 + random.nextInt(60);
                try (TestWireClient c = new TestWireClient(port)) {
                    for (int i = 0; i < killAfter; i++) {
                        long offset = acknowledged + 1;
                        OffsetCommitResponse r = (OffsetCommitResponse) c.call(commit(offset));
                        for (OffsetCommitResponse.Topic t : r.topics()) {
                            for (OffsetCommitResponse.Partition p : t.partitions()) {
                                assertEquals(Errors.NONE, p.error(), "commit " + offset);
                            }
                        }
                        acknowledged = offset;
                    }
                    c.send(commit(acknowledged + 1));
                    broker.destroyForcibly();
                    assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
                }
            } finally {
                broker.destroyForcibly();
            }
            try (PartitaServer server = PartitaServer.start(BrokerTestSupport.config(dir)
                    .with(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 2));
                    TestWireClient c = new TestWireClient(server.port())) {
                OffsetFetchResponse fetched = (OffsetFetchResponse) c.call(new OffsetFetchRequest("crash-group", null));
                assertEquals(Errors.NONE, fetched.error());
                assertEquals(1, fetched.topics().size());
                List<OffsetFetchResponse.Partition> parts = fetched.topics().get(0).partitions();
                long p0 = parts.get(0).offset();
                assertTrue(p0 == acknowledged || p0 == acknowledged + 1,
                        "partition 0 committed " + p0 + ", last acknowledged " + acknowledged);
                assertEquals("at " + p0, parts.get(0).metadata());
                assertEquals(2 * p0, parts.get(1).offset(), "both partitions of one commit are one batch");
                acknowledged = p0;
            }
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
                "--override", "offsets.topic.num.partitions=2",
                "--override", "num.io.threads=2",
                "--override", "num.network.threads=1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.resolve("broker.log").toFile()))
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
