package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ShareBrowseRequest;
import io.partita.protocol.wire.api.ShareBrowseResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ShareBrowse: for each range asked about, the share group's start offset in that partition and
 * the finished (acknowledged or archived) offsets of the range, so queue browsers show only
 * records still on the queue. Reads state only: acquires, locks and stores nothing.
 */
public final class ShareBrowseHandler implements RequestHandler<ShareBrowseRequest> {
    private final ShareGroupManager shareGroups;

    public ShareBrowseHandler(ShareGroupManager shareGroups) {
        this.shareGroups = shareGroups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_BROWSE;
    }

    @Override
    public Class<ShareBrowseRequest> requestType() {
        return ShareBrowseRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ShareBrowseRequest request) {
        List<ShareBrowseResponse.BrowsePartition> out = new ArrayList<>();
        for (ShareBrowseRequest.BrowseRange r : request.partitions()) {
            out.add(shareGroups.browse(request.groupId(), new TopicPartition(request.topic(), r.partition()),
                    r.fromOffset(), r.toOffset()));
        }
        return CompletableFuture.completedFuture(new ShareBrowseResponse(out));
    }

    @Override
    public ApiResponse errorResponse(ShareBrowseRequest request, Errors error) {
        List<ShareBrowseResponse.BrowsePartition> out = new ArrayList<>();
        for (ShareBrowseRequest.BrowseRange r : request.partitions()) {
            out.add(new ShareBrowseResponse.BrowsePartition(r.partition(), error, -1, List.of()));
        }
        return new ShareBrowseResponse(out);
    }
}
