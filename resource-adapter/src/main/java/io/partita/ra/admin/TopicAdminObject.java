package io.partita.ra.admin;

import jakarta.jms.Topic;

/**
 * The administered {@link Topic} of the resource adapter: a server binds one per topic, configured
 * with the {@code name} property. The provider accepts it wherever it accepts its own topics.
 * Thread-safe once configured.
 */
public class TopicAdminObject extends AdminDestination implements Topic {
    private static final long serialVersionUID = 1L;

    @Override
    public String getTopicName() {
        return requireName();
    }

    @Override
    public String toString() {
        return "topic://" + getName();
    }
}
