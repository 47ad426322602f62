package io.partita.client.share;

import io.partita.protocol.record.Header;

import java.util.List;
import java.util.Objects;

/**
 * A record delivered to a share consumer: where it is, how many times it has been delivered, and
 * its contents (copies, owned by the caller). A JMS message's envelope is the header named
 * {@link io.partita.protocol.message.MessageEnvelope#HEADER_KEY}.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset in the partition
 * @param deliveryCount how many times the broker has delivered it, this time included (first delivery = 1);
 *                      JMS {@code JMSXDeliveryCount}
 * @param timestamp the record's timestamp (ms since the epoch)
 * @param key the key, or null
 * @param value the value, or null
 * @param headers the record headers
 */
public record ShareRecord(String topic, int partition, long offset, int deliveryCount, long timestamp, byte[] key,
                          byte[] value, List<Header> headers) {

    /** Checks required fields. */
    public ShareRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(headers, "headers");
    }

    /** @return whether it was delivered before (JMS {@code JMSRedelivered}) */
    public boolean redelivered() {
        return deliveryCount > 1;
    }

    /** @return the value of the first header named {@code name}, as a copy, or null */
    public byte[] header(String name) {
        for (Header h : headers) {
            if (h.key().equals(name)) {
                if (h.value() == null) {
                    return null;
                }
                byte[] out = new byte[h.value().remaining()];
                h.value().duplicate().get(out);
                return out;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ShareRecord(" + topic + "-" + partition + "@" + offset + ", delivery " + deliveryCount + ")";
    }
}
