package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;

/**
 * Authenticates the connection it is sent on: the first request a client sends on a new
 * connection (an ApiVersions request may come before it). The password travels as given
 * (PLAIN-style), so it is only as private as the connection: use it on trusted networks or,
 * once listeners offer it, over TLS.
 *
 * <p>Version 0: user nullable string (null: anonymous, no password), password nullable bytes
 * (the UTF-8 encoding of the password).
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param user the user name, or null to ask for anonymous access
 * @param password the UTF-8 bytes of the password, or null with a null user
 */
public record AuthenticateRequest(String user, ByteBuffer password) implements ApiRequest {

    /** A request for anonymous access: no user, no password. */
    public static AuthenticateRequest anonymous() {
        return new AuthenticateRequest(null, null);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.AUTHENTICATE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.AUTHENTICATE.checkVersion(version);
        writer.writeNullableString(user);
        writer.writeNullableBytes(password == null ? null : password.duplicate());
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static AuthenticateRequest read(WireReader reader, short version) {
        ApiKey.AUTHENTICATE.checkVersion(version);
        return new AuthenticateRequest(
                reader.readNullableString("user"),
                reader.readNullableBytes("password"));
    }

    @Override
    public String toString() {
        return "AuthenticateRequest[user=" + user + ", password=" + (password == null ? "null" : "(hidden)") + "]";
    }
}
