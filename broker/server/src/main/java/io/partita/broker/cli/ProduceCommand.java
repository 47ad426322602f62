package io.partita.broker.cli;

import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code partita produce}: one record per line of standard input. Exits 1 when any record
 * failed, after saying how many and why.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send one record per line of standard input to a topic.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin
    ClientMixin client;

    @Option(names = "--topic", required = true, description = "Topic to send to.")
    String topic;

    @Option(names = "--key-separator", paramLabel = "S",
            description = "Split each line at the first S into key and value; lines without S have no key.")
    String keySeparator;

    @Option(names = "--acks", defaultValue = "all", description = "0, 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        int sent = 0;
        try (PartitaProducer producer = new PartitaProducer(client.toProperties(Map.of(ProducerConfig.ACKS, acks)));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] key = null;
                String value = line;
                if (keySeparator != null) {
                    int at = line.indexOf(keySeparator);
                    if (at >= 0) {
                        key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
                        value = line.substring(at + keySeparator.length());
                    }
                }
                producer.send(new ProducerRecord(topic, key, value.getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e.getMessage());
                    }
                });
                sent++;
            }
            try {
                producer.flush();
            } catch (RuntimeException e) {
                firstError.compareAndSet(null, e.getMessage());
            }
        }
        if (failed.get() > 0) {
            err.println(failed.get() + " of " + sent + " records failed; first error: " + firstError.get());
            err.flush();
            return 1;
        }
        return 0;
    }
}
