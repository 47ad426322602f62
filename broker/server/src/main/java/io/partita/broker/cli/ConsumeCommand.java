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
 * one with {@code --partition}) from the end, the beginning, or an offset; or, with
 * {@code --group}, the partitions the consumer group assigns, from the group's committed offsets,
 * committing what was printed.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Print the records of a topic, one per line.")
final class ConsumeCommand implements Callable<Integer> {
    @Mixin
    ClientMixin client;

    @Option(names = "--topic", required = true, description = "Topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the first record instead of the end.")
    boolean fromBeginning;

    @Option(names = "--group", description = "Consume as a member of this consumer group, from its committed offsets"
            + " (else from the end, or the beginning with --from-beginning), committing what is printed.")
    String group;

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
        if (group != null && partition != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--group cannot be combined with --partition or --offset: the group assigns the partitions");
        }
        PrintWriter out = spec.commandLine().getOut();
        long count = 0;
        Map<String, String> defaults = new java.util.HashMap<>();
        defaults.put(ConsumerConfig.AUTO_OFFSET_RESET, fromBeginning ? "earliest" : "latest");
        if (group != null) {
            defaults.put(ConsumerConfig.GROUP_ID, group);
        }
        try (PartitaConsumer consumer = new PartitaConsumer(client.toProperties(defaults))) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else if (partition != null) {
                partitions.add(new TopicPartition(topic, partition));
            } else {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            if (group == null) {
                consumer.assign(partitions);
            }
            if (offset != null) {
                consumer.seek(partitions.get(0), offset);
            }
            long idleSince = System.nanoTime();
            while (maxMessages == null || count < maxMessages) {
                List<ConsumerRecord> records = consumer.poll(Duration.ofMillis(200));
                for (int i = 0; i < records.size(); i++) {
                    ConsumerRecord r = records.get(i);
                    StringBuilder line = new StringBuilder();
                    if (printOffset) {
                        line.append(r.partition()).append(':').append(r.offset()).append('\t');
                    }
                    if (printKey) {
                        line.append(text(r.key())).append('\t');
                    }
                    out.println(line.append(text(r.value())));
                    if (maxMessages != null && ++count >= maxMessages) {
                        rewindUnprinted(consumer, records.subList(i + 1, records.size()));
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

    /** Moves each partition back to its first record that was not printed, so a group commits only what was. */
    private static void rewindUnprinted(PartitaConsumer consumer, List<ConsumerRecord> unprinted) {
        java.util.Set<TopicPartition> done = new java.util.HashSet<>();
        for (ConsumerRecord r : unprinted) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (done.add(tp)) {
                consumer.seek(tp, r.offset());
            }
        }
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }
}
