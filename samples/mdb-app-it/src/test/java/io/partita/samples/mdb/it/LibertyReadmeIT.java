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
 * The Open Liberty part of {@code samples/mdb-app/README.md}, run as written: a broker on a free
 * port of 127.0.0.1 in this JVM ({@link SampleBroker}); the README's {@code liberty-setup} block run
 * by {@code bash} from the repository root ({@code WLP_HOME} set to the Liberty the build unpacked);
 * its {@code liberty-server-xml} block written as the server's {@code server.xml}, with the
 * broker's port in place of {@code 9700} and the ports the build reserved in place of {@code 9080}
 * and {@code 9443}; its {@code liberty-start} block; then its {@code try-it} lines ({@link TryIt})
 * until the message-driven bean has received, once, the message the servlet sent.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LibertyReadmeIT {
    private static final Path ROOT = Path.of(System.getProperty("partita.root")).toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("samples/mdb-app/README.md");
    private static final int HTTP_PORT = Integer.parseInt(System.getProperty("ol.http.port"));
    private static final int HTTPS_PORT = Integer.parseInt(System.getProperty("ol.https.port"));

    private static SampleBroker broker;
    private static LibertyServer liberty;

    @BeforeAll
    static void start() throws Exception {
        broker = SampleBroker.start();
        liberty = LibertyServer.fresh(Path.of(System.getProperty("wlp.home")), "partita-sample");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (liberty != null) {
                liberty.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void readmeInstructionsInstallTheAdapterAndTheApplicationAndTheBeanReceivesWhatTheServletSent() throws Exception {
        Commands.Result setUp = liberty.bash(ReadmeBlocks.block(README, "liberty-setup"), ROOT);
        assertEquals(0, setUp.exitStatus(), () -> "the README's set-up commands failed:\n" + setUp.output());

        List<String> serverXml = broker.withPortOf(ReadmeBlocks.block(README, "liberty-server-xml"))
                .stream().map(l -> l.replace("\"9080\"", "\"" + HTTP_PORT + "\"")
                        .replace("\"9443\"", "\"" + HTTPS_PORT + "\"")).toList();
        assertTrue(serverXml.stream().anyMatch(l -> l.contains("httpPort=\"" + HTTP_PORT + "\"")),
                "the README's server.xml sets the HTTP port: " + serverXml);
        liberty.writeServerXml(serverXml);

        Commands.Result started = liberty.bash(ReadmeBlocks.block(README, "liberty-start"), ROOT);
        assertEquals(0, started.exitStatus(), () -> "the README's start command failed:\n" + started.output()
                + "\nserver log: " + liberty.messagesLog());

        TryIt.awaitApplication(HTTP_PORT, "server log " + liberty.messagesLog());
        TryIt.sendAndSeeItReceived(broker, README, ROOT, HTTP_PORT, liberty.log(), "server log " + liberty.messagesLog());
    }
}
