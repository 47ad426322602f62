package io.partita.client.admin;

/**
 * A topic subscription as the broker lists it.
 *
 * @param name its name, which is also its share group's ({@code sub:<clientId>:<name>} for JMS)
 * @param topic the topic it reads
 * @param selector its selector, or null
 * @param durable whether it outlives its consumers
 * @param shared whether several consumers divide its records
 * @param members how many consumers it has now
 */
public record SubscriptionDescription(String name, String topic, String selector, boolean durable, boolean shared,
                                      int members) {
}
