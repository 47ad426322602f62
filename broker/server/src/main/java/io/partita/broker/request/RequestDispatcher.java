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

    private final Map<ApiKey, RequestHandler<?>> handlers = new EnumMap<>(ApiKey.class);

    public RequestDispatcher(List<RequestHandler<?>> handlerList) {
        for (RequestHandler<?> h : handlerList) {
            if (handlers.put(h.apiKey(), h) != null) {
                throw new IllegalArgumentException("two handlers for " + h.apiKey());
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
