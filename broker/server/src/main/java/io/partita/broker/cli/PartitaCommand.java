package io.partita.broker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code partita}: the one command line for operators. Each sub-command is a class of its own in
 * this package; this class only lists them.
 */
@Command(name = "partita", mixinStandardHelpOptions = true, versionProvider = PartitaCommand.Version.class,
        description = "Partita: a partitioned-log broker with a Jakarta Messaging provider.",
        subcommands = {ServerCommand.class, TopicsCommand.class, GroupsCommand.class, ProduceCommand.class,
                ConsumeCommand.class, PerfCommand.class, DumpLogCommand.class,
                UsersCommand.class, CommandLine.HelpCommand.class})
public final class PartitaCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new PartitaCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PartitaCommand.class.getPackage().getImplementationVersion();
            return new String[] {"partita " + (v == null ? "(development build)" : v)};
        }
    }
}
