package io.partita.client;

import java.util.Objects;

/**
 * The user name and password a client authenticates with on every new connection
 * ({@code security.user}, {@code security.password}), or {@link #ANONYMOUS}. {@link #toString()}
 * never shows the password. Immutable.
 *
 * @param user     the user name, null for anonymous
 * @param password the password, null exactly when the user is null
 */
public record Credentials(String user, String password) {
    /** No credentials: the client asks for anonymous access. */
    public static final Credentials ANONYMOUS = new Credentials(null, null);

    public Credentials {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException(user == null ? "a password without a user" : "a user without a password");
        }
        if (user != null && user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }

    /** Credentials for {@code user}. */
    public static Credentials of(String user, String password) {
        return new Credentials(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
    }

    public boolean anonymous() {
        return user == null;
    }

    @Override
    public String toString() {
        return anonymous() ? "Credentials[anonymous]" : "Credentials[user=" + user + ", password=(hidden)]";
    }
}
