package io.partita.broker.cli;

import io.partita.client.PartitionInfo;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerRecord;
import io.partita.protocol.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** {@code partita perf produce|consume}: the load tool, printing throughput and latency. */
@Command(name = "perf", mixinStandardHelpOptions = true, description = "Measure produce and consume throughput.",
        subcommands = {PerfCommand.Produce.class, PerfCommand.Consume.class})
final class PerfCommand {

    @Command(name = "produce", mixinStandardHelpOptions = true,
            description = "Send records as fast as allowed; print records/s, MB/s and send-to-acknowledgement latency.")
    static final class Produce implements Callable<Integer> {
        @Mixin
        ClientMixin client;
        @Option(names = "--topic", required = true)
        String topic;
        @Option(names = "--num-records", required = true, description = "Records to send.")
        long numRecords;
        @Option(names = "--record-size", defaultValue = "1024", description = "Value bytes (default: ${DEFAULT-VALUE}).")
        int recordSize;
        @Option(names = "--throughput", defaultValue = "-1",
                description = "Records per second at most; -1 for no limit (default: ${DEFAULT-VALUE}).")
        long throughput;
        @Option(names = "--acks", defaultValue = "1", description = "0, 1 or all (default: ${DEFAULT-VALUE}).")
        String acks;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            byte[] value = new byte[recordSize];
            ThreadLocalRandom.current().nextBytes(value);
            long[] latencies = new long[(int) Math.min(numRecords, 10_000_000)];
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<String> firstError = new AtomicReference<>();
            long start = System.nanoTime();
            try (PartitaProducer producer = new PartitaProducer(client.toProperties(Map.of(ProducerConfig.ACKS, acks)))) {
                for (long i = 0; i < numRecords; i++) {
                    if (throughput > 0) {
                        long due = start + i * 1_000_000_000L / throughput;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    long sentAt = System.nanoTime();
                    int slot = (int) (i % latencies.length);
                    producer.send(new ProducerRecord(topic, value), (m, e) -> {
                        latencies[slot] = System.nanoTime() - sentAt;
                        if (e != null) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.getMessage());
                        }
                    });
                }
                try {
                    producer.flush();
                } catch (RuntimeException e) {
                    firstError.compareAndSet(null, e.getMessage());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                            + "%.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.%n",
                    numRecords, numRecords / seconds, numRecords * (double) recordSize / seconds / (1 << 20),
                    Arrays.stream(latencies).average().orElse(0) / 1e6, latencies[latencies.length - 1] / 1e6,
                    percentile(latencies, 0.50), percentile(latencies, 0.95), percentile(latencies, 0.99),
                    percentile(latencies, 0.999));
            out.flush();
            if (failed.get() > 0) {
                spec.commandLine().getErr().println(failed.get() + " records failed; first error: " + firstError.get());
                spec.commandLine().getErr().flush();
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true,
            description = "Read records from the beginning of every partition; print records/s and MB/s.")
    static final class Consume implements Callable<Integer> {
        @Mixin
        ClientMixin client;
        @Option(names = "--topic", required = true)
        String topic;
        @Option(names = "--num-records", required = true, description = "Records to read before stopping.")
        long numRecords;
        @Option(names = "--timeout-ms", defaultValue = "30000",
                description = "Give up when no record arrives for this long (default: ${DEFAULT-VALUE}).")
        long timeoutMs;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long count = 0;
            long bytes = 0;
            long start = System.nanoTime();
            try (PartitaConsumer consumer = new PartitaConsumer(client.toProperties(
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET, "earliest")))) {
                List<TopicPartition> tps = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    tps.add(new TopicPartition(topic, p.partition()));
                }
                consumer.assign(tps);
                long idleSince = System.nanoTime();
                while (count < numRecords) {
                    List<ConsumerRecord> records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord r : records) {
                        count++;
                        bytes += r.value() == null ? 0 : r.value().length;
                    }
                    if (!records.isEmpty()) {
                        idleSince = System.nanoTime();
                    } else if (System.nanoTime() - idleSince > timeoutMs * 1_000_000L) {
                        break;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("%d records consumed, %.1f records/sec (%.2f MB/sec), %.2f MB in %.2f s.%n", count,
                    count / seconds, bytes / seconds / (1 << 20), bytes / (double) (1 << 20), seconds);
            out.flush();
            return count >= numRecords ? 0 : 1;
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p))] / 1e6;
    }
}
