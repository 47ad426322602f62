package io.partita.broker.cli;

import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.SubscriptionDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code partita subscriptions}: list and delete topic subscriptions (JMS durable and shared subscriptions). */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = "List and delete topic subscriptions.",
        subcommands = {SubscriptionsCommand.ListSubscriptions.class, SubscriptionsCommand.Delete.class})
final class SubscriptionsCommand {
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

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List subscriptions: name, topic, kind, members and selector.")
    static final class ListSubscriptions extends Base {
        @Override
        public Integer call() throws Exception {
            List<SubscriptionDescription> subs;
            try (PartitaAdmin admin = admin()) {
                subs = admin.listSubscriptions().get(TIMEOUT_S, TimeUnit.SECONDS);
            }
            for (SubscriptionDescription s : subs) {
                String kind = (s.shared() ? "shared " : "") + (s.durable() ? "durable" : "non-durable");
                out().println(s.name() + "\ttopic=" + s.topic() + "\t" + kind + "\tmembers=" + s.members()
                        + (s.selector() == null ? "" : "\tselector=" + s.selector()));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete subscriptions that have no consumers, with their state.")
    static final class Delete extends Base {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Subscription names, e.g. sub:<clientId>:<name>.")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            try (PartitaAdmin admin = admin()) {
                for (String name : names) {
                    admin.deleteSubscription(name).get(TIMEOUT_S, TimeUnit.SECONDS);
                    out().println("Deleted subscription " + name + ".");
                }
            }
            return 0;
        }
    }
}
