package io.partita.broker.security;

import io.partita.protocol.wire.Errors;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks a user name and password against the users of the users file, and decides whether a
 * connection may stay anonymous.
 *
 * <p>An unknown user costs the same work as a known one with a wrong password (a hash of the
 * same strength is checked and the answer thrown away), and the two are reported alike, so
 * neither the answer nor its timing tells whether a user exists. The password is turned into
 * characters without passing through a {@code String} and the characters are wiped after use.
 *
 * <p>Immutable and thread-safe.
 */
public final class Authenticator {

    /**
     * The outcome of one authentication.
     *
     * @param error   NONE, SASL_AUTHENTICATION_FAILED or AUTHENTICATION_REQUIRED
     * @param message for the client, null on success; never contains the password
     */
    public record Result(Errors error, String message) {
        public boolean succeeded() {
            return error == Errors.NONE;
        }
    }

    private final Map<String, PasswordHash> users;
    private final boolean anonymousAllowed;
    /** Checked for unknown users so that they take as long as known ones. */
    private final PasswordHash decoy;

    public Authenticator(Map<String, PasswordHash> users, boolean anonymousAllowed) {
        this.users = Map.copyOf(users);
        this.anonymousAllowed = anonymousAllowed;
        int iterations = users.values().stream().mapToInt(PasswordHash::iterations).max()
                .orElse(PasswordHash.DEFAULT_ITERATIONS);
        this.decoy = PasswordHash.create("decoy".toCharArray(), iterations, new SecureRandom());
    }

    /** Whether connections that never authenticate may send requests. */
    public boolean anonymousAllowed() {
        return anonymousAllowed;
    }

    /** How many users the users file defines. */
    public int userCount() {
        return users.size();
    }

    /**
     * Authenticates.
     *
     * @param user     the user, or null for anonymous access
     * @param password the UTF-8 bytes of the password; may be null only with a null user.
     *                 Read from its position to its limit; not changed.
     */
    public Result authenticate(String user, ByteBuffer password) {
        if (user == null) {
            return anonymousAllowed ? new Result(Errors.NONE, null)
                    : new Result(Errors.AUTHENTICATION_REQUIRED, "this broker does not accept anonymous connections;"
                            + " a user and password are required");
        }
        char[] chars = decode(password);
        try {
            PasswordHash hash = users.get(user);
            boolean ok = (hash != null ? hash : decoy).matches(chars == null ? new char[0] : chars);
            if (hash != null && ok && chars != null) {
                return new Result(Errors.NONE, null);
            }
            return new Result(Errors.SASL_AUTHENTICATION_FAILED, "authentication of user '" + user
                    + "' failed: unknown user or wrong password");
        } finally {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }
    }

    /** The password's characters, or null when it is missing or not valid UTF-8. */
    private static char[] decode(ByteBuffer password) {
        if (password == null) {
            return null;
        }
        CharBuffer cb;
        try {
            cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(password.duplicate());
        } catch (CharacterCodingException e) {
            return null;
        }
        char[] out = new char[cb.remaining()];
        cb.get(out);
        if (cb.hasArray()) {
            Arrays.fill(cb.array(), '\0');
        }
        return out;
    }
}
