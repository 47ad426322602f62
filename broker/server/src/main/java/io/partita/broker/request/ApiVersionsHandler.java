package io.partita.broker.request;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ApiVersionsRequest;
import io.partita.protocol.wire.api.ApiVersionsResponse;

import java.util.concurrent.CompletableFuture;

/** ApiVersions: the APIs and versions this broker serves. */
public final class ApiVersionsHandler implements RequestHandler<ApiVersionsRequest> {
    private final ApiVersionsResponse response = ApiVersionsResponse.ofThisBuild();

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public Class<ApiVersionsRequest> requestType() {
        return ApiVersionsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ApiVersionsRequest request) {
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public ApiResponse errorResponse(ApiVersionsRequest request, Errors error) {
        return new ApiVersionsResponse(error, response.apiKeys());
    }
}
