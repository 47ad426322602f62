package io.partita.samples.mdb;

/**
 * One message {@link OrderListener} received.
 *
 * @param text          the message body
 * @param messageId     its {@code JMSMessageID}
 * @param deliveryCount its {@code JMSXDeliveryCount} (1 on the first delivery)
 */
public record ReceivedOrder(String text, String messageId, int deliveryCount) {
}
