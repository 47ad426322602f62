package io.partita.broker.request;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ApiVersionsResponse;
import io.partita.protocol.wire.api.FetchResponse;
import io.partita.protocol.wire.api.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Maps each api key to its {@link RequestHandler} and runs it, turning an unexpected failure into
 * the handler's error response (UNKNOWN_SERVER_ERROR) so one bad request never takes more than
 * its own answer down. Thread-safe (immutable after construction).
 */
public final class RequestDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    /**
     * Told when a connection opens and when it closes, on the connection's event loop: must not
     * block. Share groups use it to release the records of members whose connection dropped.
     */
    public interface ConnectionListener {
        /** A connection with this id opened. */
        void connectionOpened(String connectionId);

        /** The connection with this id closed. */
        void connectionClosed(String connectionId);
    }

    private final Map<ApiKey, RequestHandler<?>> handlers = new EnumMap<>(ApiKey.class);
    private final List<ConnectionListener> connectionListeners;

    public RequestDispatcher(List<RequestHandler<?>> handlerList) {
        this(handlerList, List.of());
    }

    public RequestDispatcher(List<RequestHandler<?>> handlerList, List<ConnectionListener> connectionListeners) {
        this.connectionListeners = List.copyOf(connectionListeners);
        for (RequestHandler<?> h : handlerList) {
            if (handlers.put(h.apiKey(), h) != null) {
                throw new IllegalArgumentException("two handlers for " + h.apiKey());
            }
        }
    }

    /** Tells the listeners that a connection opened. */
    public void connectionOpened(String connectionId) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.connectionOpened(connectionId);
            } catch (RuntimeException e) {
                LOG.error("a connection listener failed on the opening of {}", connectionId, e);
            }
        }
    }

    /** Tells the listeners that a connection closed. */
    public void connectionClosed(String connectionId) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.connectionClosed(connectionId);
            } catch (RuntimeException e) {
                LOG.error("a connection listener failed on the closing of {}", connectionId, e);
            }
        }
    }

    /** Whether a handler serves {@code key}. */
    public boolean handles(ApiKey key) {
        return handlers.containsKey(key);
    }

    /**
     * Runs the handler of the request's api.
     *
     * @return the response future; null value for no response
     */
    public CompletableFuture<ApiResponse> dispatch(RequestContext context, ApiRequest request) {
        RequestHandler<?> handler = handlers.get(context.header().apiKey());
        if (handler == null) {
            return CompletableFuture.failedFuture(new CloseConnectionException("no handler for "
                    + context.header().apiKey()));
        }
        return run(handler, context, request);
    }

    private static <Q extends ApiRequest> CompletableFuture<ApiResponse> run(RequestHandler<Q> handler,
            RequestContext context, ApiRequest request) {
        Q typed = handler.requestType().cast(request);
        CompletableFuture<ApiResponse> result;
        try {
            result = handler.handle(context, typed);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof CloseConnectionException) {
                return CompletableFuture.failedFuture(cause);
            }
            LOG.error("{} request {} from {} failed", context.header().apiKey(), context.header().correlationId(),
                    context.connectionId(), cause);
            return CompletableFuture.completedFuture(handler.errorResponse(typed, Errors.UNKNOWN_SERVER_ERROR));
        });
    }

    /**
     * The answer to a known api at a version this broker cannot decode, encoded at the api's
     * lowest version, for the apis whose response has a top-level error field: ApiVersions
     * (which also lists the supported versions, as clients expect), Fetch and InitProducerId.
     * Other apis have nowhere to put the error, so the connection is closed instead.
     */
    public static Optional<ApiResponse> unsupportedVersionResponse(ApiKey key) {
        return switch (key) {
            case API_VERSIONS -> Optional.of(new ApiVersionsResponse(Errors.UNSUPPORTED_VERSION,
                    ApiVersionsResponse.ofThisBuild().apiKeys()));
            case FETCH -> Optional.of(new FetchResponse(0, Errors.UNSUPPORTED_VERSION, List.of()));
            case INIT_PRODUCER_ID -> Optional.of(new InitProducerIdResponse(Errors.UNSUPPORTED_VERSION, -1, (short) -1));
            default -> Optional.empty();
        };
    }
}
