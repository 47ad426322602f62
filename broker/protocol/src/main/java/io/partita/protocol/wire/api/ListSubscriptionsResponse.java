package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Every topic subscription, sorted by name.
 *
 * <p>Version 0: error int16, subscriptions [name string, topic string, selector nullable string,
 * durable boolean, shared boolean, members int32].
 *
 * @param error NONE, or why the list could not be made
 * @param subscriptions the subscriptions
 */
public record ListSubscriptionsResponse(Errors error, List<SubscriptionListing> subscriptions) implements ApiResponse {

    /**
     * One subscription.
     *
     * @param name its name (and its share group's)
     * @param topic the topic it reads
     * @param selector its selector, or null
     * @param durable whether it is durable
     * @param shared whether it is shared
     * @param members how many members it has now
     */
    public record SubscriptionListing(String name, String topic, String selector, boolean durable, boolean shared,
                                      int members) {
        /** Checks required fields. */
        public SubscriptionListing {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** Checks required fields. */
    public ListSubscriptionsResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(subscriptions, "subscriptions");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_SUBSCRIPTIONS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LIST_SUBSCRIPTIONS.checkVersion(version);
        error.write(writer);
        writer.writeArray(subscriptions, (w, s) -> {
            w.writeString(s.name());
            w.writeString(s.topic());
            w.writeNullableString(s.selector());
            w.writeBoolean(s.durable());
            w.writeBoolean(s.shared());
            w.writeInt32(s.members());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ListSubscriptionsResponse read(WireReader reader, short version) {
        ApiKey.LIST_SUBSCRIPTIONS.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        return new ListSubscriptionsResponse(error, reader.readArray("subscriptions", 12, r -> new SubscriptionListing(
                r.readString("subscriptions[].name"), r.readString("subscriptions[].topic"),
                r.readNullableString("subscriptions[].selector"), r.readBoolean("subscriptions[].durable"),
                r.readBoolean("subscriptions[].shared"), r.readInt32("subscriptions[].members"))));
    }
}
