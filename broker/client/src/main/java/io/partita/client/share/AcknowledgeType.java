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
    REJECT(ShareAcknowledgeRequest.REJECT),
    /**
     * Never handed to the application (it was fetched ahead and is given back unseen): the record
     * becomes available again with the delivery count it had before, so this delivery does not
     * count towards redelivery or the dead-letter limit.
     */
    RETURN(ShareAcknowledgeRequest.RETURN);

    private final byte wireType;

    AcknowledgeType(byte wireType) {
        this.wireType = wireType;
    }

    /** @return the type's code in ShareAcknowledge */
    public byte wireType() {
        return wireType;
    }
}
