package io.partita.samples.mdb.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WildFly part of {@code samples/mdb-app/README.md}, run as written: a broker on a free port of
 * 127.0.0.1 in this JVM ({@link SampleBroker}); WildFly's default profile started by
 * {@code bin/standalone.sh} on the ports the build reserved ({@link WildFlyServer}); the README's
 * {@code wildfly-commands} block run by {@code jboss-cli.sh --connect} from the repository root (the
 * broker's port in place of {@code 9700}); then its {@code try-it} lines ({@link TryIt}) until the
 * message-driven bean has received, once, the message the servlet sent; and last its
 * {@code wildfly-cleanup} block, after which the application is gone.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WildFlyReadmeIT {
    private static final Path ROOT = Path.of(System.getProperty("partita.root")).toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("samples/mdb-app/README.md");
    private static final Path WORK = ROOT.resolve("samples/mdb-app-it/target/wildfly-base");

    private static SampleBroker broker;
    private static WildFlyServer wildFly;

    @BeforeAll
    static void start() throws Exception {
        broker = SampleBroker.start();
        wildFly = WildFlyServer.start(Path.of(System.getProperty("wildfly.home")), WORK,
                WildFlyServer.Ports.fromSystemProperties());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (wildFly != null) {
                wildFly.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void readmeCommandsDeployTheAdapterAndTheApplicationAndTheBeanReceivesWhatTheServletSent() throws Exception {
        List<String> deployment = ReadmeBlocks.block(README, "wildfly-commands");
        assertTrue(deployment.stream().anyMatch(l -> l.startsWith("deploy samples/mdb-app/target/")),
                "the README's block deploys the application: " + deployment);
        Commands.Result deployed = wildFly.cli(broker.withPortOf(deployment), ROOT);
        assertEquals(0, deployed.exitStatus(), () -> "the README's jboss-cli commands failed:\n" + deployed.output()
                + "\nserver log: " + wildFly.serverLog());

        TryIt.awaitApplication(wildFly.httpPort(), "server log " + wildFly.serverLog());
        TryIt.sendAndSeeItReceived(broker, README, ROOT, wildFly.httpPort(), wildFly.cliLog(),
                "server log " + wildFly.serverLog());

        Commands.Result cleaned = wildFly.cli(ReadmeBlocks.block(README, "wildfly-cleanup"), ROOT);
        assertEquals(0, cleaned.exitStatus(), () -> "the README's clean-up commands failed:\n" + cleaned.output()
                + "\nserver log: " + wildFly.serverLog());
        TryIt.assertUndeployed(wildFly.httpPort());
    }
}
