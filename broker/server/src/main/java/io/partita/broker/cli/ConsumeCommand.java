package io.partita.broker.cli;

import io.partita.client.PartitionInfo;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.protocol.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code partita consume}: prints records of a topic, one per line. Reads every partition (or
 * one with {@code --partition}) from the end, the beginning, or an offset.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Print the records of a topic, one per line.")
final class ConsumeCommand implements Callable<Integer> {
    @Mixin
    ClientMixin client;

    @Option(names = "--topic", required = true, description = "Topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the first record instead of the end.")
    boolean fromBeginning;

    @Option(names = "--partition", description = "Read only this partition.")
    Integer partition;

    @Option(names = "--offset", description = "Start at this offset (needs --partition).")
    Long offset;

    @Option(names = "--max-messages", description = "Stop after this many records.")
    Long maxMessages;

    @Option(names = "--timeout-ms", description = "Stop when no record arrives for this long.")
    Long timeoutMs;

    @Option(names = "--print-key", description = "Print the key before the value, separated by a tab.")
    boolean printKey;

    @Option(names = "--print-offset", description = "Print partition:offset before each record, separated by a tab.")
    boolean printOffset;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (offset != null && partition == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--offset needs --partition");
        }
        PrintWriter out = spec.commandLine().getOut();
        long count = 0;
        try (PartitaConsumer consumer = new PartitaConsumer(client.toProperties(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET, fromBeginning ? "earliest" : "latest")))) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (partition != null) {
                partitions.add(new TopicPartition(topic, partition));
            } else {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            if (offset != null) {
                consumer.seek(partitions.get(0), offset);
            }
            long idleSince = System.nanoTime();
            while (maxMessages == null || count < maxMessages) {
                List<ConsumerRecord> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord r : records) {
                    StringBuilder line = new StringBuilder();
                    if (printOffset) {
                        line.append(r.partition()).append(':').append(r.offset()).append('\t');
                    }
                    if (printKey) {
                        line.append(text(r.key())).append('\t');
                    }
                    out.println(line.append(text(r.value())));
                    if (maxMessages != null && ++count >= maxMessages) {
                        break;
                    } else if (maxMessages == null) {
                        count++;
                    }
                }
                out.flush();
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (timeoutMs != null && System.nanoTime() - idleSince > timeoutMs * 1_000_000L) {
                    break;
                }
            }
        }
        spec.commandLine().getErr().println("Processed a total of " + count + " messages");
        spec.commandLine().getErr().flush();
        return 0;
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }
}
