package io.partita.broker.request;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * Carries out the requests of one API. One class per API; the {@link RequestDispatcher} picks it
 * by api key.
 *
 * <p>{@link #handle} runs on a request thread ({@code num.io.threads}) and may block on disk
 * (appends wait for fsync). It returns a future so that a request can wait for something without
 * holding a thread (a long-poll fetch, an acks=all produce): the future may complete on any
 * thread. A future completed with null means "send no response" (a produce with acks=0); one
 * completed exceptionally with {@link CloseConnectionException} closes the connection.
 *
 * @param <Q> the request type
 */
public interface RequestHandler<Q extends ApiRequest> {

    /** @return the API this handler serves */
    ApiKey apiKey();

    /** @return the request class, to check what the decoder produced */
    Class<Q> requestType();

    /**
     * Carries out a request.
     *
     * @return the response, null for none
     */
    CompletableFuture<ApiResponse> handle(RequestContext context, Q request);

    /**
     * A response reporting {@code error} for everything the request asked, for when handling
     * failed unexpectedly.
     */
    ApiResponse errorResponse(Q request, Errors error);
}
