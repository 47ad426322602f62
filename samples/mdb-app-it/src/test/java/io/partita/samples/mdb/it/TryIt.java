package io.partita.samples.mdb.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's "See it work" part, the same for every server: its {@code try-it} block (two
 * {@code curl} lines, the server's HTTP port in place of {@code 8080}) run by {@code bash} until
 * {@code /received} lists, delivered once, the message {@code /send} sent; and the broker has the
 * queue the README names, {@code orders} (servlet and bean share one configured queue, so a wrong
 * name in the server's configuration would not stop the message by itself). Stateless.
 */
final class TryIt {
    /** How long the bean may take to receive the message, and the application to answer at all. */
    static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(200);

    private TryIt() {
    }

    /**
     * Waits until the application answers {@code GET /received} with status 200 on {@code httpPort}
     * (a server may still be starting it after its start command returned).
     */
    static void awaitApplication(int httpPort, String where) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/partita-sample-mdb-app/received");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String answered = "status 200";
        String last = Polling.until(DEADLINE, POLL, () -> {
            try {
                return "status " + http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException e) {
                return e.toString();
            }
        }, answered::equals);
        if (!answered.equals(last)) {
            fail(uri + " did not answer 200 within " + DEADLINE + " (last: " + last + "); see " + where);
        }
    }

    /**
     * Runs the README's {@code try-it} lines against {@code httpPort} in {@code root} and checks that
     * the bean received, once, the message the servlet sent. Each command's output goes to {@code log}.
     */
    static void sendAndSeeItReceived(SampleBroker broker, Path readme, Path root, int httpPort, Path log,
            String where) throws Exception {
        List<String> tryIt = ReadmeBlocks.block(readme, "try-it").stream()
                .map(l -> l.replace(":8080/", ":" + httpPort + "/")).toList();
        assertEquals(2, tryIt.size(), "the try-it block is two curl lines: " + tryIt);

        Commands.Result sent = bash(root, log, tryIt.get(0));
        assertEquals(0, sent.exitStatus(), sent.output());
        Matcher id = Pattern.compile("sent (ID:\\S+)").matcher(sent.output());
        assertTrue(id.find(), () -> "the servlet's answer: " + sent.output() + "; see " + where);

        String expected = "hello\t" + id.group(1) + "\tdelivery 1";
        String received = Polling.until(DEADLINE, POLL, () -> {
            Commands.Result r = bash(root, log, tryIt.get(1));
            assertEquals(0, r.exitStatus(), r.output());
            return r.output();
        }, out -> !out.isBlank());
        if (received.isBlank()) {
            fail("the bean received nothing within " + DEADLINE + "; see " + where);
        }
        assertEquals(List.of(expected), received.lines().toList(), "what /received lists");
        Set<String> topics = broker.topics();
        assertTrue(topics.contains("orders"), () -> "the broker has no queue orders, only " + topics);
    }

    /** Checks that the application is gone from {@code httpPort}: {@code GET /received} answers 404. */
    static void assertUndeployed(int httpPort) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/partita-sample-mdb-app/received");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode(), () -> uri + " after the clean-up: " + response.body());
    }

    private static Commands.Result bash(Path root, Path log, String line) throws Exception {
        List<String> script = new ArrayList<>(List.of("set -e", line));
        return Commands.run(List.of("bash", "-c", String.join("\n", script)), root, Map.of(), log, SCRIPT_TIMEOUT);
    }
}
