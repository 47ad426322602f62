package io.partita.samples.standalone;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the sample's steps against an in-process broker ({@code vm://}, data in a temporary
 * directory) and against a real broker over TCP ({@link PartitaServer} on a free port of
 * 127.0.0.1, three partitions per topic), and checks what each step received; then the program
 * itself, through its command line, against the TCP broker.
 */
@Timeout(120)
class StandaloneClientTest {
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

    private static PartitaServer broker;

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        broker = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_PARTITIONS, "3",
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2")));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String tcpUrl() {
        return "partita://127.0.0.1:" + broker.port();
    }

    @Test
    void everyStepReceivesWhatItExpectsInVm(@TempDir Path dir) throws Exception {
        String url = "vm://sample-test-" + UUID.randomUUID().toString().substring(0, 8) + "?dataDir=" + dir;
        checkEveryStep(SampleEnvironment.lookUp(url, RECEIVE_TIMEOUT));
    }

    @Test
    void everyStepReceivesWhatItExpectsOverTcp() throws Exception {
        checkEveryStep(SampleEnvironment.lookUp(tcpUrl(), RECEIVE_TIMEOUT));
    }

    private static void checkEveryStep(SampleEnvironment env) throws Exception {
        List<StepResult> results = StandaloneClient.runSteps(StandaloneClient.STEPS, env,
                new PrintWriter(new StringWriter()));
        assertEquals(4, results.size());
        assertReceived(List.of("order-1", "order-2", "order-3"), results.get(0));
        // The selected European orders come first, then the consumer without a region finds the rest.
        assertEquals(List.of("selected eu-order-1", "selected eu-order-3"), results.get(1).received().subList(0, 2)
                .stream().sorted().toList());
        assertReceived(List.of("selected eu-order-1", "selected eu-order-3", "left us-order-2", "left us-order-4"),
                results.get(1));
        assertEquals(List.of("answer to quote book-42", "answer to quote book-7"), results.get(2).received());
        assertReceived(List.of("price-1", "price-2", "price-3", "price-4"), results.get(3));
        assertEquals("price-1", results.get(3).received().get(0));
        assertTrue(results.stream().allMatch(StepResult::ok));
    }

    private static void assertReceived(List<String> expected, StepResult result) {
        assertEquals(expected.stream().sorted().toList(), result.received().stream().sorted().toList(),
                result.title());
    }

    @Test
    void jndiPropertiesBindTheInProcessBrokerAndTheDestinations() throws Exception {
        SampleEnvironment env = SampleEnvironment.lookUp(null, RECEIVE_TIMEOUT);
        assertTrue(env.factory().toString().contains("vm://partita-sample"), env.factory().toString());
        assertEquals("sample.orders", env.orders().getQueueName());
        assertEquals("sample.requests", env.requests().getQueueName());
        assertEquals("sample.prices", env.prices().getTopicName());
    }

    @Test
    void programRunsTheChosenStepsAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new StandaloneClient());
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("--broker-url", tcpUrl(), "--step", "send,durable", "--receive-timeout-ms", "30000");
        assertEquals(0, status, out.toString());
        String text = out.toString();
        assertTrue(text.contains("received  order-"), text);
        assertTrue(text.contains("durable subscription"), text);
        assertFalse(text.contains("request/reply"), text);
        assertTrue(text.contains("All 2 steps received what they expected."), text);
    }

    @Test
    void unknownStepIsRefusedNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StandaloneClient());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--broker-url", tcpUrl(), "--step", "teleport"));
        assertTrue(err.toString().contains("unknown step 'teleport'"), err.toString());
    }
}
