package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.broker.replication.DelayedOperation;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ShareFetchRequest;
import io.partita.protocol.wire.api.ShareFetchResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * ShareFetch: acquires records of a share group for a member (see {@link ShareGroupManager}).
 *
 * <p><b>Long poll.</b> When nothing can be acquired and {@code maxWaitMs} is positive, the request
 * waits in the {@link io.partita.broker.replication.DelayedOperations} registry on its partitions:
 * an advancing high watermark or records released by other members retry the acquisition, and
 * the deadline answers with nothing. Records acquired by a retry that loses the race with the
 * deadline are given back. The acquisition is stored in {@code __share_state} on a request
 * thread before the response is sent.
 */
public final class ShareFetchHandler implements RequestHandler<ShareFetchRequest> {
    private final ShareGroupManager shareGroups;
    private final ReplicaManager replicas;
    private final Executor storeExecutor;

    /**
     * @param storeExecutor runs the store of an acquisition completed by a wake-up (not on the
     *                      producer's or the timer's thread)
     */
    public ShareFetchHandler(ShareGroupManager shareGroups, ReplicaManager replicas, Executor storeExecutor) {
        this.shareGroups = shareGroups;
        this.replicas = replicas;
        this.storeExecutor = storeExecutor;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_FETCH;
    }

    @Override
    public Class<ShareFetchRequest> requestType() {
        return ShareFetchRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ShareFetchRequest request) {
        Object prepared = shareGroups.prepare(context.connectionId(), request);
        if (prepared instanceof ShareFetchResponse error) {
            return CompletableFuture.completedFuture(error);
        }
        ShareGroupManager.FetchContext fetch = (ShareGroupManager.FetchContext) prepared;
        ShareGroupManager.Acquisition first = shareGroups.acquire(fetch);
        if (first.hasRecords() || first.hasErrors() || request.maxWaitMs() <= 0 || fetch.partitions().isEmpty()) {
            return shareGroups.store(first).thenApply(r -> r);
        }
        DelayedShareFetch op = new DelayedShareFetch(fetch);
        replicas.delayedOperations().tryCompleteElseWatch(op, fetch.partitions());
        return op.future;
    }

    /** A ShareFetch waiting for records or its deadline. */
    private final class DelayedShareFetch extends DelayedOperation {
        final CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        private final ShareGroupManager.FetchContext fetch;
        private ShareGroupManager.Acquisition ready;

        DelayedShareFetch(ShareGroupManager.FetchContext fetch) {
            super(fetch.request().maxWaitMs());
            this.fetch = fetch;
        }

        @Override
        protected synchronized boolean tryComplete() {
            if (isCompleted()) {
                return true;
            }
            ShareGroupManager.Acquisition a = shareGroups.acquire(fetch);
            if (a.hasRecords() || a.hasErrors()) {
                ready = a;
                if (forceComplete()) {
                    return true;
                }
                ready = null;
                shareGroups.giveBack(a);
            }
            return isCompleted();
        }

        @Override
        protected synchronized void onComplete() {
            ShareGroupManager.Acquisition a = ready;
            ready = null;
            if (a == null) {
                future.complete(new ShareFetchResponse(Errors.NONE, null, java.util.List.of()));
                return;
            }
            try {
                storeExecutor.execute(() -> shareGroups.store(a).whenComplete((r, e) -> {
                    if (e != null) {
                        future.completeExceptionally(e);
                    } else {
                        future.complete(r);
                    }
                }));
            } catch (RejectedExecutionException e) {
                shareGroups.giveBack(a);
                future.complete(ShareFetchResponse.failed(Errors.BROKER_NOT_AVAILABLE, "the broker is shutting down"));
            }
        }
    }

    @Override
    public ApiResponse errorResponse(ShareFetchRequest request, Errors error) {
        return ShareFetchResponse.failed(error, null);
    }
}
