package io.partita.tck;

import io.partita.broker.security.PasswordHash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The one user every target's broker knows, {@code j2ee} with password {@code j2ee} (what the
 * official TCK's standalone configuration passes), written to a users file as
 * {@code partita users hash} would. The brokers refuse anonymous access, so the whole suite runs
 * authenticated.
 */
final class SuiteUsers {
    static final String USER = "j2ee";
    static final String PASSWORD = "j2ee";

    private SuiteUsers() {
    }

    /** Writes the users file in {@code dir} and returns its path. */
    static Path writeFile(Path dir) throws IOException {
        Path file = dir.resolve("users.properties");
        Files.writeString(file, "# the conformance suite's user\n" + USER + " = "
                + PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).format()
                + "\n");
        return file;
    }

    /** {@code options} with the suite's credentials added. */
    static String withCredentials(String options) {
        String credentials = "user=" + USER + "&password=" + PASSWORD;
        return options == null || options.isEmpty() ? credentials : options + "&" + credentials;
    }
}
