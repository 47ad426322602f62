package io.partita.broker.security;

import io.partita.broker.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the users file named by {@code authentication.users.file}: one user per line,
 * {@code <user> = <password hash>} where the hash is in {@link PasswordHash}'s stored form (as
 * printed by {@code partita users hash}). Blank lines and lines starting with {@code #} are
 * skipped; spaces around the {@code =} are allowed; a user name is anything without {@code =}
 * and without surrounding spaces. The file is UTF-8.
 *
 * <p>Strict: a line that does not parse, or a user given twice, fails with a
 * {@link ConfigException} naming the file, the line number and what is wrong (never the hash).
 */
public final class UsersFile {
    private UsersFile() {
    }

    /**
     * Loads the users.
     *
     * @return user name to password hash, in file order
     * @throws ConfigException when the file cannot be read or a line is wrong
     */
    public static Map<String, PasswordHash> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the users file " + file + " (authentication.users.file): " + e, e);
        }
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw bad(file, lineNo, "expected '<user> = " + PasswordHash.ALGORITHM + ":...'");
            }
            String user = line.substring(0, eq).strip();
            if (user.isEmpty()) {
                throw bad(file, lineNo, "the user name is empty");
            }
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(line.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw bad(file, lineNo, "the password hash of user '" + user + "' is not valid: " + e.getMessage());
            }
            if (users.put(user, hash) != null) {
                throw bad(file, lineNo, "user '" + user + "' is given a second time");
            }
        }
        return users;
    }

    private static ConfigException bad(Path file, int line, String why) {
        return new ConfigException("users file " + file + ", line " + line + ": " + why);
    }
}
