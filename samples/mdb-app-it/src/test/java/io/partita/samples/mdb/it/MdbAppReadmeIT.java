package io.partita.samples.mdb.it;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The GlassFish part of {@code samples/mdb-app/README.md}, run as written: a broker on a free port
 * of 127.0.0.1 in this JVM; a GlassFish 7 domain of the test's own ({@link GlassFishDomain}); the
 * README's {@code glassfish-commands} block run by {@code bash} (GlassFish's {@code bin} on the
 * PATH, {@code AS_ADMIN_PORT} set, the broker's port in place of {@code 9700}); then its
 * {@code try-it} lines ({@code curl}, the domain's HTTP port in place of {@code 8080}) until the
 * message-driven bean has received, once, the message the servlet sent.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MdbAppReadmeIT {
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private static final Path ROOT = Path.of(System.getProperty("partita.root")).toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("samples/mdb-app/README.md");
    private static final Path WORK = ROOT.resolve("samples/mdb-app-it/target/glassfish-domains");

    private static PartitaServer broker;
    private static GlassFishDomain domain;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("partita-sample-mdb-it");
        broker = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, data.toString(),
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2")));
        domain = GlassFishDomain.createAndStart(Path.of(System.getProperty("glassfish.home")), WORK,
                "partita-sample");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (domain != null) {
                domain.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void readmeCommandsDeployTheAdapterAndTheApplicationAndTheBeanReceivesWhatTheServletSent() throws Exception {
        List<String> deployment = ReadmeBlocks.block(README, "glassfish-commands");
        assertTrue(deployment.stream().anyMatch(l -> l.startsWith("asadmin deploy samples/mdb-app/target/")),
                "the README's block deploys the application: " + deployment);
        Commands.Result deployed = bash("set -ex", deployment.stream()
                .map(l -> l.replace("9700", String.valueOf(broker.port()))).toList());
        assertEquals(0, deployed.exitStatus(), () -> "the README's asadmin commands failed:\n" + deployed.output()
                + "\nserver log: " + domain.serverLog());

        List<String> tryIt = ReadmeBlocks.block(README, "try-it").stream()
                .map(l -> l.replace(":8080/", ":" + domain.httpPort() + "/")).toList();
        assertEquals(2, tryIt.size(), "the try-it block is two curl lines: " + tryIt);

        Commands.Result sent = bash("set -e", List.of(tryIt.get(0)));
        assertEquals(0, sent.exitStatus(), sent.output());
        Matcher id = Pattern.compile("sent (ID:\\S+)").matcher(sent.output());
        assertTrue(id.find(), () -> "the servlet's answer: " + sent.output());

        String expected = "hello\t" + id.group(1) + "\tdelivery 1";
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String received = "";
        while (System.nanoTime() < deadline) {
            Commands.Result r = bash("set -e", List.of(tryIt.get(1)));
            assertEquals(0, r.exitStatus(), r.output());
            received = r.output();
            if (!received.isBlank()) {
                break;
            }
            Thread.sleep(200);
        }
        if (received.isBlank()) {
            fail("the bean received nothing within " + DEADLINE + "; server log: " + domain.serverLog());
        }
        assertEquals(List.of(expected), received.lines().toList(), "what /received lists");
    }

    /**
     * Runs {@code lines} as one bash script in the repository root, after {@code options}
     * ({@code set -e}: the first failing line stops it; {@code -x}: each line is echoed to the output).
     */
    private static Commands.Result bash(String options, List<String> lines) throws Exception {
        List<String> script = new ArrayList<>(List.of(options));
        script.addAll(lines);
        return Commands.run(List.of("bash", "-c", String.join("\n", script)), ROOT, domain.asadminEnvironment(),
                domain.log(), SCRIPT_TIMEOUT);
    }
}
