package io.partita.client.share;

import io.partita.protocol.wire.api.ShareAcknowledgeRequest;

/** What a share consumer says about a record it received. */
public enum AcknowledgeType {
    /** Processed: the record is never delivered again. */
    ACCEPT(ShareAcknowledgeRequest.ACCEPT),
    /**
     * Not processed: the record becomes available again (to any member) and its next delivery
     * has a higher delivery count; past the group's {@code max.delivery.attempts} it goes to the
     * dead-letter destination instead.
     */
    RELEASE(ShareAcknowledgeRequest.RELEASE),
    /** Cannot be processed: the record goes to the dead-letter destination at once. */
    REJECT(ShareAcknowledgeRequest.REJECT);

    private final byte wireType;

    AcknowledgeType(byte wireType) {
        this.wireType = wireType;
    }

    /** @return the type's code in ShareAcknowledge */
    public byte wireType() {
        return wireType;
    }
}
