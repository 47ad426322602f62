package io.partita.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/** A partition of a topic. Topic names are 1 to 249 characters of {@code [a-zA-Z0-9._-]}. */
public record TopicPartition(String topic, int partition) {
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    public static final int MAX_TOPIC_LENGTH = 249;

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition " + partition + " of topic '" + topic + "' is negative");
        }
    }

    /**
     * Throws when {@code name} cannot be a topic name, saying why.
     *
     * @throws IllegalArgumentException naming the topic and the rule it breaks
     */
    public static void validateTopicName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("topic name is empty");
        }
        if (name.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic name '" + name.substring(0, 20) + "...' is " + name.length()
                    + " characters; at most " + MAX_TOPIC_LENGTH + " are allowed");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("topic name '" + name + "' is not allowed");
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException("topic name '" + name
                    + "' has characters outside a-z, A-Z, 0-9, '.', '_' and '-'");
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
