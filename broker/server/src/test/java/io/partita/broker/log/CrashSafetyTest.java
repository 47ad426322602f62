package io.partita.broker.log;

import io.partita.protocol.record.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM appends with group commit and prints each acknowledged append; the test kills it
 * with SIGKILL after a random number of acknowledgements, reopens the log and checks that every
 * acknowledged record is there, byte for byte, and that every batch served passes its CRC.
 */
@Timeout(600)
class CrashSafetyTest {
    private static final int ROUNDS = 24;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedRecordIsLostAndNoTornBatchIsServedAcrossSigkills() throws Exception {
        Random random = new Random(20261121L);
        Map<Long, byte[]> acknowledged = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 1 + random.nextInt(round % 3 == 0 ? 20 : 400);
            List<String> acks = runAndKill(round, killAfter);
            assertTrue(acks.size() >= killAfter, "round " + round + ": " + acks.size() + " acks");
            for (String line : acks) {
                String[] f = line.split(" ");
                long first = Long.parseLong(f[1]);
                int count = Integer.parseInt(f[2]);
                long id = Long.parseLong(f[3]);
                int size = Integer.parseInt(f[4]);
                for (int i = 0; i < count; i++) {
                    acknowledged.put(first + i, LogTestSupport.value(id + i, size));
                }
            }
            verify(round, acknowledged);
        }
    }

    private void verify(int round, Map<Long, byte[]> acknowledged) throws IOException {
        LogManager manager = LogManager.start(List.of(dir), CrashAppender.CONFIG, Clock.systemUTC(), 3_600_000, 3_600_000);
        try {
            Log log = manager.getLog(CrashAppender.TP).orElseThrow();
            // readAllRecords checks every batch's CRC and framing on the way.
            List<Record> records = LogTestSupport.readAllRecords(log);
            assertEquals(log.logEndOffset(), records.size(), "round " + round + ": offsets are contiguous from 0");
            for (int i = 0; i < records.size(); i++) {
                assertEquals(i, records.get(i).offset());
            }
            for (Map.Entry<Long, byte[]> e : acknowledged.entrySet()) {
                assertTrue(e.getKey() < records.size(), "round " + round + ": acknowledged offset " + e.getKey()
                        + " lost; log ends at " + records.size());
                assertArrayEquals(e.getValue(), records.get((int) (long) e.getKey()).valueBytes(),
                        "round " + round + ": offset " + e.getKey());
            }
        } finally {
            if (round % 2 == 0) {
                manager.close();
            } else {
                // Leave it as a crash would (locks go with the process's file handles).
                for (Log log : manager.logs()) {
                    log.closeAbruptly();
                }
                manager.close();
            }
        }
    }

    private List<String> runAndKill(int round, int killAfter) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(), dir.toString(),
                Integer.toString(round));
        pb.redirectError(dir.resolve("child-" + round + ".err").toFile());
        Process child = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the pipe closes when the child dies
            }
            lines.add("EOF");
        });
        reader.start();
        List<String> acks = new ArrayList<>();
        try {
            while (acks.size() < killAfter) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertNotNull(line, "round " + round + ": child stalled after " + acks.size() + " acks");
                assertTrue(!line.equals("EOF"), "round " + round + ": child exited early, see child-" + round + ".err");
                if (line.startsWith("ACK ")) {
                    acks.add(line);
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        reader.join(30_000);
        // Whole lines printed before the kill were acknowledged too; a torn last line is not one.
        for (String line : lines) {
            if (line.startsWith("ACK ") && line.split(" ").length == 5) {
                acks.add(line);
            }
        }
        return acks;
    }
}
