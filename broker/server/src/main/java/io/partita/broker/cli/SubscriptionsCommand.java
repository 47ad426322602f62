package io.partita.broker.cli;

import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.SubscriptionDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code partita groups list-subscriptions} and {@code partita groups delete-subscriptions}: topic
 * subscriptions (JMS durable, shared and non-durable subscriptions, each a share group on the
 * broker), reached through the connection options of {@code groups}.
 */
final class SubscriptionsCommand {
    private SubscriptionsCommand() {
    }

    @Command(name = "list-subscriptions", mixinStandardHelpOptions = true,
            description = "List topic subscriptions: name, topic, kind, members and selector.")
    static final class ListSubscriptions implements Callable<Integer> {
        @ParentCommand
        GroupsCommand parent;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = parent.admin()) {
                List<SubscriptionDescription> subs = GroupsCommand.await(admin.listSubscriptions());
                PrintWriter out = parent.out();
                for (SubscriptionDescription s : subs) {
                    String kind = (s.shared() ? "shared " : "") + (s.durable() ? "durable" : "non-durable");
                    out.println(s.name() + "\ttopic=" + s.topic() + "\t" + kind + "\tmembers=" + s.members()
                            + (s.selector() == null ? "" : "\tselector=" + s.selector()));
                }
            } catch (GroupsCommand.Failure f) {
                return parent.fail(f);
            }
            return 0;
        }
    }

    @Command(name = "delete-subscriptions", mixinStandardHelpOptions = true,
            description = "Delete topic subscriptions that have no consumers, with their state.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        GroupsCommand parent;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Subscription names, e.g. sub:<clientId>:<name>.")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = parent.admin()) {
                for (String name : names) {
                    GroupsCommand.await(admin.deleteSubscription(name));
                    parent.out().println("Deleted subscription " + name + ".");
                }
            } catch (GroupsCommand.Failure f) {
                return parent.fail(f);
            }
            return 0;
        }
    }
}
