package io.partita.broker.cli;

import io.partita.client.admin.GroupDescription;
import io.partita.client.admin.GroupListing;
import io.partita.client.admin.MemberDescription;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.PartitionLag;
import io.partita.protocol.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code partita groups --bootstrap-server HOST:PORT <subcommand>}: list and describe consumer
 * groups. The connection options belong to {@code groups} itself, so every subcommand (more can be
 * added to {@code subcommands}) reaches the brokers through {@link #admin()}.
 */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "List and describe consumer groups; list and delete topic subscriptions.",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Describe.class,
                SubscriptionsCommand.ListSubscriptions.class, SubscriptionsCommand.Delete.class})
final class GroupsCommand {
    static final long TIMEOUT_S = 60;

    @Mixin
    ClientMixin client;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    PartitaAdmin admin() {
        return new PartitaAdmin(client.toProperties(Map.of()));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Waits for an admin call; a failure is printed as one line naming the broker's error, exit code 1. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Failure(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
    }

    /** A failure reported as its message alone. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    int fail(Failure f) {
        spec.commandLine().getErr().println("Error: " + f.getMessage());
        return 1;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups with their state.")
    static final class ListGroups implements Callable<Integer> {
        @ParentCommand
        GroupsCommand parent;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = parent.admin()) {
                List<GroupListing> groups = await(admin.listGroups());
                PrintWriter out = parent.out();
                out.printf("%-40s %-20s %s%n", "GROUP", "STATE", "PROTOCOL-TYPE");
                for (GroupListing g : groups) {
                    out.printf("%-40s %-20s %s%n", g.groupId(), g.state(),
                            g.protocolType().isEmpty() ? "-" : g.protocolType());
                }
            } catch (Failure f) {
                return parent.fail(f);
            }
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show a group's state, members, assignments, committed offsets and lag.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand
        GroupsCommand parent;

        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = parent.admin()) {
                GroupDescription d = await(admin.describeGroup(group));
                Map<TopicPartition, PartitionLag> lag = await(admin.groupLag(group));
                PrintWriter out = parent.out();
                out.println("Group: " + d.groupId() + "\tState: " + d.state() + "\tProtocol: "
                        + (d.protocol().isEmpty() ? "-" : d.protocol()) + "\tCoordinator: " + d.coordinatorId()
                        + "\tMembers: " + d.members().size());
                Map<TopicPartition, MemberDescription> owner = new HashMap<>();
                out.printf("%n%-50s %-20s %-22s %s%n", "MEMBER", "CLIENT-ID", "HOST", "ASSIGNMENT");
                for (MemberDescription m : d.members()) {
                    m.assignment().forEach(tp -> owner.put(tp, m));
                    out.printf("%-50s %-20s %-22s %s%n", m.memberId(), m.clientId(), m.host(), m.assignment());
                }
                out.printf("%n%-30s %-10s %-16s %-16s %-10s %s%n", "TOPIC", "PARTITION", "COMMITTED-OFFSET",
                        "LOG-END-OFFSET", "LAG", "MEMBER");
                for (Map.Entry<TopicPartition, PartitionLag> e : lag.entrySet()) {
                    PartitionLag l = e.getValue();
                    MemberDescription m = owner.get(e.getKey());
                    out.printf("%-30s %-10d %-16s %-16s %-10s %s%n", e.getKey().topic(), e.getKey().partition(),
                            l.committed() < 0 ? "-" : Long.toString(l.committed()),
                            l.logEnd() < 0 ? "-" : Long.toString(l.logEnd()),
                            l.lag() < 0 ? "-" : Long.toString(l.lag()), m == null ? "-" : m.memberId());
                }
            } catch (Failure f) {
                return parent.fail(f);
            }
            return 0;
        }
    }
}
