package io.partita.samples.mdb.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GlassFish part of {@code samples/mdb-app/README.md}, run as written: a broker on a free port
 * of 127.0.0.1 in this JVM ({@link SampleBroker}); a GlassFish 7 domain of the test's own
 * ({@link GlassFishDomain}); the README's {@code glassfish-commands} block run by {@code bash}
 * (GlassFish's {@code bin} on the PATH, {@code AS_ADMIN_PORT} set, the broker's port in place of
 * {@code 9700}); then its {@code try-it} lines ({@link TryIt}) until the message-driven bean has
 * received, once, the message the servlet sent; and last its {@code glassfish-cleanup} block, after
 * which the application is gone.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GlassFishReadmeIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private static final Path ROOT = Path.of(System.getProperty("partita.root")).toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("samples/mdb-app/README.md");
    private static final Path WORK = ROOT.resolve("samples/mdb-app-it/target/glassfish-domains");

    private static SampleBroker broker;
    private static GlassFishDomain domain;

    @BeforeAll
    static void start() throws Exception {
        broker = SampleBroker.start();
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
        Commands.Result deployed = asadminScript(broker.withPortOf(deployment));
        assertEquals(0, deployed.exitStatus(), () -> "the README's asadmin commands failed:\n" + deployed.output()
                + "\nserver log: " + domain.serverLog());

        TryIt.sendAndSeeItReceived(broker, README, ROOT, domain.httpPort(), domain.log(), "server log " + domain.serverLog());

        Commands.Result cleaned = asadminScript(ReadmeBlocks.block(README, "glassfish-cleanup"));
        assertEquals(0, cleaned.exitStatus(), () -> "the README's clean-up commands failed:\n" + cleaned.output()
                + "\nserver log: " + domain.serverLog());
        TryIt.assertUndeployed(domain.httpPort());
    }

    /**
     * Runs {@code lines} as one bash script in the repository root with the domain's asadmin
     * environment, after {@code set -ex} (the first failing line stops it; each line is echoed).
     */
    private static Commands.Result asadminScript(List<String> lines) throws Exception {
        List<String> script = new ArrayList<>(List.of("set -ex"));
        script.addAll(lines);
        return Commands.run(List.of("bash", "-c", String.join("\n", script)), ROOT, domain.asadminEnvironment(),
                domain.log(), SCRIPT_TIMEOUT);
    }
}
