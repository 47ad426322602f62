package io.partita.broker.cli;

import io.partita.broker.security.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code partita users}: helps maintain the users file ({@code authentication.users.file}).
 * {@code partita users hash USER} reads a password (from the console without echo, asked twice;
 * otherwise the first line of standard input) and prints the line to put in the users file,
 * {@code USER = PBKDF2WithHmacSHA256:<iterations>:<salt>:<hash>}, so nobody computes hashes by hand.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Maintain the users file.",
        subcommands = {UsersCommand.Hash.class})
final class UsersCommand {

    @Command(name = "hash", mixinStandardHelpOptions = true,
            description = "Read a password and print the users-file line for USER.")
    static final class Hash implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "USER", description = "The user name.")
        String user;
        @Option(names = "--iterations", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
                description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
        int iterations;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (user.isBlank() || user.contains("=") || !user.equals(user.strip())) {
                return fail("user name '" + user + "' must not be blank, contain '=' or start or end with spaces");
            }
            if (iterations < PasswordHash.MIN_ITERATIONS || iterations > PasswordHash.MAX_ITERATIONS) {
                return fail("--iterations " + iterations + " must be within " + PasswordHash.MIN_ITERATIONS + ".."
                        + PasswordHash.MAX_ITERATIONS);
            }
            char[] password = readPassword();
            if (password == null) {
                return fail("no password given");
            }
            try {
                if (password.length == 0) {
                    return fail("the password is empty");
                }
                PasswordHash hash = PasswordHash.create(password, iterations, new SecureRandom());
                spec.commandLine().getOut().println(user + " = " + hash.format());
                spec.commandLine().getOut().flush();
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private char[] readPassword() throws IOException {
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password for %s: ", user);
                char[] second = first == null ? null : console.readPassword("Again: ");
                if (first == null || second == null) {
                    return null;
                }
                boolean same = Arrays.equals(first, second);
                Arrays.fill(second, '\0');
                if (!same) {
                    Arrays.fill(first, '\0');
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the passwords differ");
                }
                return first;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? null : line.toCharArray();
        }

        private int fail(String why) {
            spec.commandLine().getErr().println("partita users hash: " + why);
            spec.commandLine().getErr().flush();
            return 2;
        }
    }
}
