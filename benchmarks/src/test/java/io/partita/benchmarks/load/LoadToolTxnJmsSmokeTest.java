package io.partita.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Session;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.partita.benchmarks.load.LoadToolOutput.assertRefused;
import static io.partita.benchmarks.load.LoadToolOutput.cell;
import static io.partita.benchmarks.load.LoadToolOutput.partitaColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The txn and jms workloads end to end against Partita alone, with a few dozen messages: a real
 * broker JVM, the transactional producer, a share consumer in transactions and Partita's JMS
 * provider over TCP on 127.0.0.1. The tool reads back what every run sent and fails the run
 * unless each message arrived exactly once; this test checks that it succeeds, that every row is
 * there with a sane figure, that the counting fails a run on a duplicate and on a loss, and that
 * bad option values are refused by name. Never how fast anything was.
 */
@Timeout(300)
class LoadToolTxnJmsSmokeTest {

    @TempDir
    Path dir;

    @Test
    void runsTheTxnAndJmsWorkloadsAgainstPartita() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LoadTool())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--systems", "partita",
                        "--workloads", "txn,jms",
                        "--txn-batch", "1,10,100",
                        "--txn-records", "120",
                        "--txn-forward-batch", "7",
                        "--record-size", "64",
                        "--jms-records", "60",
                        "--jms-warmup-records", "50",
                        "--jms-record-sizes", "100,1024",
                        "--jms-producers", "3",
                        "--jms-commit-every", "7",
                        "--ack-batch", "9",
                        "--jms-rate", "100",
                        "--jms-latency-warmup-seconds", "0",
                        "--jms-latency-seconds", "1",
                        "--heap", "256m",
                        "--timeout-seconds", "60",
                        "--partita-classpath", System.getProperty("java.class.path"),
                        "--work-dir", dir.toString());
        assertEquals(0, status, () -> "exit status; output:\n" + out + "\nerrors:\n" + err);

        System.out.println(out);
        Map<String, Double> column = partitaColumn(out.toString());
        for (int batch : new int[] {1, 10, 100}) {
            checkTxn(column, LoadTool.txnLabel(batch, ""), out);
        }
        checkTxn(column, LoadTool.txnForwardLabel(7, ""), out);
        for (int size : new int[] {100, 1024}) {
            for (String row : new String[] {LoadTool.JMS_PERSISTENT_1, LoadTool.jmsPersistentN(3),
                    LoadTool.JMS_NON_PERSISTENT, LoadTool.JMS_ASYNC, LoadTool.jmsTransacted(7), LoadTool.JMS_AUTO_ACK,
                    LoadTool.jmsClientAck(9)}) {
                assertTrue(cell(column, LoadTool.jmsLabel(size, row), out) > 0, out::toString);
            }
            double p50 = cell(column, LoadTool.jmsLabel(size, LoadTool.JMS_LATENCY_P50), out);
            double p99 = cell(column, LoadTool.jmsLabel(size, LoadTool.JMS_LATENCY_P99), out);
            assertTrue(p50 > 0 && p50 <= p99, out::toString);
        }
        // Rows of workloads not run stay empty; the counts are printed above the table.
        assertTrue(column.get(ResultTable.Row.PRODUCE_RECORDS.label).isNaN(), out::toString);
        assertTrue(out.toString().contains("txn: 120 records of 64 bytes per run, commits every 1, 10, 100 records"),
                out::toString);
        assertTrue(out.toString().contains("jms: 60 messages per run; 3 producers"), out::toString);
        assertTrue(err.toString().contains("jms warm-up: 50 messages of 100 B sent and received twice"),
                err::toString);

        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.findAny().isPresent(), "the run left files in " + dir);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void jmsCountingFailsOnADuplicateAndOnALoss() throws Exception {
        JvmSettings jvm = new JvmSettings("256m", System.getProperty("java.class.path"), dir.resolve("none"),
                dir.resolve("none"), Duration.ofSeconds(60));
        Path data = Files.createDirectories(dir.resolve("partita"));
        try (RunningBroker broker = new PartitaSystem("partita", "group-commit",
                new ProducerSettings(16384, 5, 1 << 20)).start(data, jvm)) {
            JmsWorkloads j = new JmsWorkloads(broker.jmsConnectionFactory(), 1 << 20, Duration.ofSeconds(60), 4);
            broker.queues().createQueue("dup", 1);
            j.send("dup", 1, DeliveryMode.PERSISTENT, 10, 100);
            j.send("dup", 1, DeliveryMode.PERSISTENT, 1, 100); // message 0 once more
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> j.drain("dup", 10, 100));
            assertTrue(twice.getMessage().contains("message 0 twice"), twice::getMessage);

            // Nine sent, ten expected: the run fails once the idle timeout passes without the tenth.
            JmsWorkloads impatient = new JmsWorkloads(broker.jmsConnectionFactory(), 1 << 20, Duration.ofSeconds(2), 4);
            broker.queues().createQueue("short", 1);
            impatient.send("short", 1, DeliveryMode.PERSISTENT, 9, 100);
            IOException lost = assertThrows(IOException.class, () -> impatient.consume("short", 10, 100,
                    Session.CLIENT_ACKNOWLEDGE));
            assertTrue(lost.getMessage().contains("9 of 10 messages received, then none for"), lost::getMessage);
        }
    }

    @Test
    void badTxnAndJmsOptionsAreRefusedNamingTheValue() {
        assertRefused("--txn-batch 0 must be 1 or more", "--txn-batch", "1,0");
        assertRefused("--txn-records -5 must be 1 or more", "--txn-records", "-5");
        assertRefused("--txn-forward-batch -1 is negative", "--txn-forward-batch", "-1");
        assertRefused("--jms-record-sizes 8 is below 16", "--jms-record-sizes", "100,8");
        assertRefused("--jms-producers 0 must be 1 or more", "--jms-producers", "0");
        assertRefused("--jms-commit-every 0 must be 1 or more", "--jms-commit-every", "0");
        assertRefused("--jms-rate 0 must be 1 or more", "--jms-rate", "0");
        assertRefused("--jms-latency-warmup-seconds -1 is negative", "--jms-latency-warmup-seconds", "-1");
        assertRefused("unknown workload 'jsm' in --workloads", "--workloads", "txn,jsm");
    }

    private static void checkTxn(Map<String, Double> column, String prefix, StringWriter out) {
        double rate = cell(column, prefix + "records/s", out);
        double p50 = cell(column, prefix + "commit p50 ms", out);
        double p99 = cell(column, prefix + "commit p99 ms", out);
        assertTrue(rate > 0 && p50 > 0 && p50 <= p99, out::toString);
    }
}
