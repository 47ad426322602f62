package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Creates a topic subscription: a share group named {@code name} on every partition of
 * {@code topic}, starting at the log end, whose selector the broker applies to every record.
 * An existing subscription of that name with the same topic, selector and kind is reused; one
 * with a different topic or selector is replaced (its state dropped) unless it has members.
 * A non-durable subscription is deleted when the connection that created it and every
 * connection of its members have closed.
 *
 * <p>Version 0: name string, topic string, selector nullable string, durable boolean,
 * shared boolean.
 *
 * @param name the subscription's name, which is also its share group's name
 * @param topic the topic it reads
 * @param selector the subscription's selector, or null for every record
 * @param durable whether it outlives its consumers and restarts
 * @param shared whether several consumers may divide its records
 */
public record CreateSubscriptionRequest(String name, String topic, String selector, boolean durable, boolean shared)
        implements ApiRequest {

    /** Checks required fields. */
    public CreateSubscriptionRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_SUBSCRIPTION;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.CREATE_SUBSCRIPTION.checkVersion(version);
        writer.writeString(name);
        writer.writeString(topic);
        writer.writeNullableString(selector);
        writer.writeBoolean(durable);
        writer.writeBoolean(shared);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static CreateSubscriptionRequest read(WireReader reader, short version) {
        ApiKey.CREATE_SUBSCRIPTION.checkVersion(version);
        return new CreateSubscriptionRequest(reader.readString("name"), reader.readString("topic"),
                reader.readNullableString("selector"), reader.readBoolean("durable"), reader.readBoolean("shared"));
    }
}
