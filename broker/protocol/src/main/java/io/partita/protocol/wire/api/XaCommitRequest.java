package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Commits a branch: a prepared one (two-phase), or with {@code onePhase} an unprepared one in a single step. Commit markers go to every partition the branch wrote, then the Xid is forgotten.
 *
 * <p>Version 0: xid (formatId int32, gtrid bytes, bqual bytes), onePhase boolean.
 *
 * @param xid the transaction branch
 * @param onePhase true to commit an unprepared branch in one step
 */
public record XaCommitRequest(Xid xid, boolean onePhase) implements ApiRequest {

    /** Checks required fields. */
    public XaCommitRequest {
        Objects.requireNonNull(xid, "xid");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_COMMIT;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_COMMIT.checkVersion(version);
        xid.write(writer);
        writer.writeBoolean(onePhase);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static XaCommitRequest read(WireReader reader, short version) {
        ApiKey.XA_COMMIT.checkVersion(version);
        return new XaCommitRequest(Xid.read(reader, "xid"), reader.readBoolean("onePhase"));
    }
}
