package io.partita.jms.provider;

import io.partita.client.PartitaClientException;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.TransactionIdentity;
import io.partita.client.txn.PartitaXaResource;
import io.partita.client.txn.XaCodes;
import io.partita.client.txn.XaException;
import io.partita.protocol.wire.Errors;

import java.util.List;
import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;

/**
 * An XA session's resource on partita-client: a {@link PartitaXaResource} (its own producer and
 * connections), with {@code javax.transaction.xa} types: Xids are converted, failures become
 * {@link XAException}s with the XA error code the client reports, bad Xids {@code XAER_INVAL}.
 *
 * <p>Thread-safe: the client resource serializes its calls.
 */
final class ClientXaResource implements ProviderXaResource, EnlistingScope {
    private final PartitaXaResource xa;
    private volatile Xid associated;

    ClientXaResource(ClientSettings settings) {
        this.xa = new PartitaXaResource(settings.clientProperties(ProducerConfig.ACKS, "all", ProducerConfig.LINGER_MS, 0,
                ProducerConfig.MAX_BLOCK_MS, settings.requestTimeoutMs()));
    }

    private interface XaCall<T> {
        T run() throws XaException;
    }

    private static <T> T call(XaCall<T> c) throws XAException {
        try {
            return c.run();
        } catch (XaException e) {
            XAException x = new XAException(e.getMessage());
            x.errorCode = e.xaErrorCode();
            x.initCause(e);
            throw x;
        } catch (IllegalArgumentException e) {
            XAException x = new XAException("invalid Xid: " + e.getMessage());
            x.errorCode = XAException.XAER_INVAL;
            x.initCause(e);
            throw x;
        } catch (PartitaClientException | IllegalStateException e) {
            XAException x = new XAException(e.getMessage());
            x.errorCode = XAException.XAER_RMFAIL;
            x.initCause(e);
            throw x;
        }
    }

    static io.partita.protocol.txn.Xid convert(Xid xid) throws XAException {
        if (xid == null) {
            XAException x = new XAException("the Xid must not be null");
            x.errorCode = XAException.XAER_INVAL;
            throw x;
        }
        return call(() -> io.partita.protocol.txn.Xid.of(xid.getFormatId(), xid.getGlobalTransactionId(),
                xid.getBranchQualifier()));
    }

    @Override
    public ProviderProducer createProducer() {
        return new StickyProducerHandle(durable -> xa.producer());
    }

    @Override
    public TransactionIdentity enlist() {
        try {
            return xa.producer().enlistInTransaction();
        } catch (PartitaClientException e) {
            throw new ProviderException(e.getMessage(), e.error(), e);
        } catch (IllegalStateException e) {
            throw new ProviderException(e.getMessage(), Errors.INVALID_TXN_STATE, e);
        }
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        io.partita.protocol.txn.Xid x = convert(xid);
        call(() -> {
            xa.start(x, flags);
            return null;
        });
        associated = xid;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        io.partita.protocol.txn.Xid x = convert(xid);
        boolean mine = associated != null && convert(associated).equals(x);
        try {
            call(() -> {
                xa.end(x, flags);
                return null;
            });
        } catch (XAException e) {
            if (mine && e.errorCode >= XAException.XA_RBBASE && e.errorCode <= XAException.XA_RBEND) {
                associated = null; // ended, rollback-only
            }
            throw e;
        }
        if (mine) {
            associated = null;
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        io.partita.protocol.txn.Xid x = convert(xid);
        return call(() -> xa.prepare(x));
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        io.partita.protocol.txn.Xid x = convert(xid);
        call(() -> {
            xa.commit(x, onePhase);
            return null;
        });
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        io.partita.protocol.txn.Xid x = convert(xid);
        try {
            call(() -> {
                xa.rollback(x);
                return null;
            });
        } finally {
            if (associated != null && convert(associated).equals(x)) {
                associated = null;
            }
        }
    }

    @Override
    public Xid[] recover(int flags) throws XAException {
        if ((flags & ~(XaCodes.TMSTARTRSCAN | XaCodes.TMENDRSCAN)) != 0) {
            XAException x = new XAException("recover flags 0x" + Integer.toHexString(flags)
                    + " are not TMSTARTRSCAN, TMENDRSCAN or TMNOFLAGS");
            x.errorCode = XAException.XAER_INVAL;
            throw x;
        }
        List<io.partita.protocol.txn.Xid> found = call(() -> xa.recover(flags));
        Xid[] out = new Xid[found.size()];
        for (int i = 0; i < out.length; i++) {
            io.partita.protocol.txn.Xid f = found.get(i);
            out[i] = new ProviderXid(f.formatId(), f.globalTransactionId(), f.branchQualifier());
        }
        return out;
    }

    @Override
    public void forget(Xid xid) throws XAException {
        io.partita.protocol.txn.Xid x = convert(xid);
        call(() -> {
            xa.forget(x);
            return null;
        });
    }

    @Override
    public int getTransactionTimeout() {
        return xa.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return call(() -> xa.setTransactionTimeout(seconds));
    }

    @Override
    public Xid associated() {
        return associated;
    }

    @Override
    public String resourceManagerId() {
        return xa.resourceManagerId();
    }

    @Override
    public void close() {
        xa.close();
    }
}
