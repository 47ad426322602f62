package io.partita.broker.request;

import io.partita.broker.security.Authenticator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.AuthenticateRequest;
import io.partita.protocol.wire.api.AuthenticateResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Authenticate: checks the user and password of a connection with the {@link Authenticator}.
 *
 * <p>A failure is logged at WARN with the user name and the remote address (never the password)
 * and answered only after {@code authentication.failure.delay.ms}, counted on the broker's timer
 * so no request thread waits; since the broker also closes the connection after a failure, each
 * guess costs a new connection, the hash's work and the delay. Which connection is authenticated
 * is recorded by the network layer when it sends the answer. Thread-safe.
 */
public final class AuthenticateHandler implements RequestHandler<AuthenticateRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticateHandler.class);

    private final Authenticator authenticator;
    private final ScheduledExecutorService timer;
    private final long failureDelayMs;

    public AuthenticateHandler(Authenticator authenticator, ScheduledExecutorService timer, long failureDelayMs) {
        this.authenticator = authenticator;
        this.timer = timer;
        this.failureDelayMs = failureDelayMs;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.AUTHENTICATE;
    }

    @Override
    public Class<AuthenticateRequest> requestType() {
        return AuthenticateRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, AuthenticateRequest request) {
        Authenticator.Result result = authenticator.authenticate(request.user(), request.password());
        AuthenticateResponse response = new AuthenticateResponse(result.error(), result.message());
        if (result.succeeded()) {
            LOG.debug("connection {} authenticated as {}", context.connectionId(),
                    request.user() == null ? "(anonymous)" : "'" + request.user() + "'");
            return CompletableFuture.completedFuture(response);
        }
        LOG.warn("failed authentication from {} as {}: {}", context.connectionId(),
                request.user() == null ? "(anonymous)" : "'" + request.user() + "'", result.error());
        if (failureDelayMs <= 0) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<ApiResponse> delayed = new CompletableFuture<>();
        try {
            timer.schedule(() -> delayed.complete(response), failureDelayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            delayed.complete(response); // shutting down
        }
        return delayed;
    }

    @Override
    public ApiResponse errorResponse(AuthenticateRequest request, Errors error) {
        return new AuthenticateResponse(error, null);
    }
}
