package io.partita.broker.cli;

import io.partita.client.PartitionInfo;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code partita topics}: create, delete, list and describe topics. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create, delete, list and describe topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Delete.class, TopicsCommand.ListTopics.class,
                TopicsCommand.Describe.class})
final class TopicsCommand {
    private static final long TIMEOUT_S = 60;

    abstract static class Base implements Callable<Integer> {
        @Mixin
        ClientMixin client;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PartitaAdmin admin() {
            return new PartitaAdmin(client.toProperties(Map.of()));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a topic.")
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "TOPIC")
        String topic;
        @Option(names = "--partitions", defaultValue = "1", description = "Partitions (default: ${DEFAULT-VALUE}).")
        int partitions;
        @Option(names = "--replication-factor", defaultValue = "1",
                description = "Replicas of each partition (default: ${DEFAULT-VALUE}).")
        short replicationFactor;
        @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A topic setting (repeatable).")
        Map<String, String> configs = Map.of();

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor, configs)))
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
            }
            out().println("Created topic " + topic + " with " + partitions + " partitions.");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete topics and their data.")
    static final class Delete extends Base {
        @Parameters(arity = "1..*", paramLabel = "TOPIC")
        List<String> topics;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = admin()) {
                admin.deleteTopics(topics).get(TIMEOUT_S, TimeUnit.SECONDS);
            }
            out().println("Deleted " + String.join(", ", topics) + ".");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List topic names.")
    static final class ListTopics extends Base {
        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = admin()) {
                admin.listTopics().get(TIMEOUT_S, TimeUnit.SECONDS).forEach(out()::println);
            }
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show partitions, leaders and replicas.")
    static final class Describe extends Base {
        @Parameters(arity = "1..*", paramLabel = "TOPIC")
        List<String> topics;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = admin()) {
                for (TopicDescription d : admin.describeTopics(topics).get(TIMEOUT_S, TimeUnit.SECONDS).values()) {
                    out().println("Topic: " + d.name() + "\tPartitions: " + d.partitions().size());
                    for (PartitionInfo p : d.partitions()) {
                        out().println("\tPartition: " + p.partition() + "\tLeader: " + p.leader() + "\tLeaderEpoch: "
                                + p.leaderEpoch() + "\tReplicas: " + p.replicas() + "\tIsr: " + p.isr());
                    }
                }
            }
            return 0;
        }
    }
}
