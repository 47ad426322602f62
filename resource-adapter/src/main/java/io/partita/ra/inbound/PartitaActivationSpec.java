package io.partita.ra.inbound;

import io.partita.jms.BrokerUrl;
import io.partita.jms.PartitaQueue;
import io.partita.protocol.selector.Selector;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a message-driven bean receives from Partita: the standard activation properties of Jakarta
 * Messaging 3.0 (section 13.1, the {@code @ActivationConfigProperty} names) and Partita's own.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>destinationLookup</td><td></td><td>JNDI name of the {@code Queue} or {@code Topic}</td></tr>
 *   <tr><td>destination</td><td></td><td>the destination's name, when there is no lookup</td></tr>
 *   <tr><td>destinationType</td><td>jakarta.jms.Queue</td><td>{@code jakarta.jms.Queue} or {@code jakarta.jms.Topic}</td></tr>
 *   <tr><td>messageSelector</td><td></td><td>selector, checked here and evaluated by the broker</td></tr>
 *   <tr><td>acknowledgeMode</td><td>Auto-acknowledge</td><td>or {@code Dups-ok-acknowledge}; ignored for transacted delivery</td></tr>
 *   <tr><td>subscriptionDurability</td><td>NonDurable</td><td>or {@code Durable} (topics only)</td></tr>
 *   <tr><td>subscriptionName</td><td></td><td>required for durable and for shared subscriptions</td></tr>
 *   <tr><td>clientId</td><td></td><td>client id; required for an unshared durable subscription</td></tr>
 *   <tr><td>connectionFactoryLookup</td><td></td><td>JNDI name of a Partita connection factory whose
 *       broker URL (and client id) to use instead of the adapter's</td></tr>
 *   <tr><td>brokerURL</td><td>the adapter's</td><td>the broker URL of this bean's connection (with its
 *       options, e.g. {@code ?prefetch=1}), when there is no connectionFactoryLookup</td></tr>
 *   <tr><td>shareSubscriptions</td><td>false</td><td>topics: the bean's sessions share one subscription
 *       named {@code subscriptionName} (so each message goes to one of them)</td></tr>
 *   <tr><td>userName, password</td><td>the adapter's</td><td>credentials of the bean's connection</td></tr>
 *   <tr><td>maxSession</td><td>15</td><td>concurrent deliveries (sessions, each with its own endpoint)</td></tr>
 *   <tr><td>redeliveryDelay</td><td>0</td><td>ms to wait before giving back a message whose delivery failed</td></tr>
 *   <tr><td>reconnectInterval</td><td>2000</td><td>ms between attempts to set up or restore the activation</td></tr>
 *   <tr><td>maxReconnectAttempts</td><td>-1</td><td>attempts before giving up; -1 for no limit</td></tr>
 * </table>
 *
 * <p>Topic subscriptions: non-durable unshared unless {@code shareSubscriptions}; with more than
 * one session an unshared subscription would deliver every message once per session, so a topic
 * bean with {@code maxSession} above 1 must share its subscription (validation says so).
 *
 * <p>A value object: configured by the server through the setters, then checked by
 * {@link #validate()}, which names the bad property. Not thread-safe while being configured;
 * read-only afterwards.
 */
public class PartitaActivationSpec implements ActivationSpec, ResourceAdapterAssociation, Serializable {
    private static final long serialVersionUID = 1L;

    public static final String QUEUE = "jakarta.jms.Queue";
    public static final String TOPIC = "jakarta.jms.Topic";
    public static final String AUTO_ACKNOWLEDGE = "Auto-acknowledge";
    public static final String DUPS_OK_ACKNOWLEDGE = "Dups-ok-acknowledge";
    public static final String DURABLE = "Durable";
    public static final String NON_DURABLE = "NonDurable";

    private String destinationLookup;
    private String destination;
    /** The kind named by a {@code queue://} or {@code topic://} destination, else null. */
    private String destinationKind;
    private String destinationType = QUEUE;
    private String messageSelector;
    private String acknowledgeMode = AUTO_ACKNOWLEDGE;
    private String subscriptionDurability = NON_DURABLE;
    private String subscriptionName;
    private String clientId;
    private String connectionFactoryLookup;
    private String brokerURL;
    private Boolean shareSubscriptions = Boolean.FALSE;
    private String userName;
    private String password;
    private Integer maxSession = 15;
    private Long redeliveryDelay = 0L;
    private Long reconnectInterval = 2000L;
    private Integer maxReconnectAttempts = -1;
    private transient ResourceAdapter resourceAdapter;

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public void validate() throws InvalidPropertyException {
        if (destinationLookup == null && destination == null) {
            throw invalid("destinationLookup", null, "set destinationLookup (a JNDI name) or destination (a name)");
        }
        if (!QUEUE.equals(destinationType) && !TOPIC.equals(destinationType)) {
            throw invalid("destinationType", destinationType, "must be " + QUEUE + " or " + TOPIC);
        }
        if (destinationKind != null && !destinationKind.equals(destinationType)) {
            String given = destinationKind.equals(QUEUE) ? "queue" : "topic";
            throw invalid("destination", destination, "it was given as a " + given + " but destinationType is "
                    + destinationType);
        }
        if (destination != null) {
            try {
                new PartitaQueue(destination);
            } catch (IllegalArgumentException e) {
                throw invalid("destination", destination, e.getMessage());
            }
        }
        if (brokerURL != null) {
            if (connectionFactoryLookup != null) {
                throw invalid("brokerURL", brokerURL, "set brokerURL or connectionFactoryLookup, not both "
                        + "(connectionFactoryLookup = '" + connectionFactoryLookup + "')");
            }
            try {
                BrokerUrl.parse(brokerURL);
            } catch (IllegalArgumentException e) {
                throw invalid("brokerURL", brokerURL, e.getMessage());
            }
        }
        if (messageSelector != null) {
            try {
                Selector.parse(messageSelector);
            } catch (RuntimeException e) {
                throw invalid("messageSelector", messageSelector, e.getMessage());
            }
        }
        if (!AUTO_ACKNOWLEDGE.equals(acknowledgeMode) && !DUPS_OK_ACKNOWLEDGE.equals(acknowledgeMode)) {
            throw invalid("acknowledgeMode", acknowledgeMode, "must be " + AUTO_ACKNOWLEDGE + " or " + DUPS_OK_ACKNOWLEDGE);
        }
        if (!DURABLE.equals(subscriptionDurability) && !NON_DURABLE.equals(subscriptionDurability)) {
            throw invalid("subscriptionDurability", subscriptionDurability, "must be " + DURABLE + " or " + NON_DURABLE);
        }
        boolean topic = TOPIC.equals(destinationType);
        if (isDurable() && !topic) {
            throw invalid("subscriptionDurability", subscriptionDurability, "only a topic has durable subscriptions; "
                    + "destinationType is " + destinationType);
        }
        if (topic && (isDurable() || shareSubscriptions) && subscriptionName == null) {
            throw invalid("subscriptionName", null, "a " + (isDurable() ? "durable" : "shared")
                    + " subscription needs a name");
        }
        if (topic && isDurable() && !shareSubscriptions && clientId == null) {
            throw invalid("clientId", null, "an unshared durable subscription needs a client id "
                    + "(or set shareSubscriptions to true)");
        }
        if (maxSession == null || maxSession < 1) {
            throw invalid("maxSession", maxSession, "must be at least 1");
        }
        if (topic && !shareSubscriptions && maxSession > 1) {
            throw invalid("maxSession", maxSession, "an unshared topic subscription is read by one session; "
                    + "set maxSession to 1 or shareSubscriptions to true");
        }
        if (redeliveryDelay == null || redeliveryDelay < 0) {
            throw invalid("redeliveryDelay", redeliveryDelay, "must be 0 or more milliseconds");
        }
        if (reconnectInterval == null || reconnectInterval < 1) {
            throw invalid("reconnectInterval", reconnectInterval, "must be at least 1 millisecond");
        }
        if (maxReconnectAttempts == null || maxReconnectAttempts < -1) {
            throw invalid("maxReconnectAttempts", maxReconnectAttempts, "must be -1 (no limit) or 0 or more");
        }
    }

    private static InvalidPropertyException invalid(String property, Object value, String rule) {
        return new InvalidPropertyException("activation property " + property
                + (value == null ? " is not set" : " = '" + value + "' is invalid") + ": " + rule);
    }

    public boolean isTopic() {
        return TOPIC.equals(destinationType);
    }

    public boolean isDurable() {
        return DURABLE.equals(subscriptionDurability);
    }

    // ---- properties

    public String getDestinationLookup() {
        return destinationLookup;
    }

    public void setDestinationLookup(String destinationLookup) {
        this.destinationLookup = trim(destinationLookup);
    }

    public String getDestination() {
        return destination;
    }

    /**
     * The destination's name on the broker. The forms {@code queue://name} and
     * {@code topic://name}, which some servers (Open Liberty) pass for a configured destination,
     * are read as the name; {@link #validate()} checks the kind against {@code destinationType}.
     */
    public void setDestination(String destination) {
        String v = trim(destination);
        destinationKind = null;
        if (v != null) {
            for (String kind : new String[] {QUEUE, TOPIC}) {
                String prefix = (kind.equals(QUEUE) ? "queue" : "topic") + "://";
                if (v.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    destinationKind = kind;
                    v = trim(v.substring(prefix.length()));
                }
            }
        }
        this.destination = v;
    }

    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = trim(destinationType) == null ? QUEUE : destinationType.trim();
    }

    public String getMessageSelector() {
        return messageSelector;
    }

    public void setMessageSelector(String messageSelector) {
        this.messageSelector = trim(messageSelector);
    }

    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    /** Accepts the two standard values in any case, and the underscored forms. */
    public void setAcknowledgeMode(String acknowledgeMode) {
        String v = trim(acknowledgeMode);
        if (v == null) {
            this.acknowledgeMode = AUTO_ACKNOWLEDGE;
            return;
        }
        String norm = v.toLowerCase(Locale.ROOT).replace('_', '-');
        this.acknowledgeMode = norm.equals("auto-acknowledge") ? AUTO_ACKNOWLEDGE
                : norm.equals("dups-ok-acknowledge") ? DUPS_OK_ACKNOWLEDGE : v;
    }

    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    public void setSubscriptionDurability(String subscriptionDurability) {
        String v = trim(subscriptionDurability);
        this.subscriptionDurability = v == null ? NON_DURABLE
                : v.equalsIgnoreCase(DURABLE) ? DURABLE : v.equalsIgnoreCase(NON_DURABLE) ? NON_DURABLE : v;
    }

    public String getSubscriptionName() {
        return subscriptionName;
    }

    public void setSubscriptionName(String subscriptionName) {
        this.subscriptionName = trim(subscriptionName);
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = trim(clientId);
    }

    public String getConnectionFactoryLookup() {
        return connectionFactoryLookup;
    }

    public void setConnectionFactoryLookup(String connectionFactoryLookup) {
        this.connectionFactoryLookup = trim(connectionFactoryLookup);
    }

    public String getBrokerURL() {
        return brokerURL;
    }

    public void setBrokerURL(String brokerURL) {
        this.brokerURL = trim(brokerURL);
    }

    public Boolean getShareSubscriptions() {
        return shareSubscriptions;
    }

    public void setShareSubscriptions(Boolean shareSubscriptions) {
        this.shareSubscriptions = shareSubscriptions != null && shareSubscriptions;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = trim(userName);
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Integer getMaxSession() {
        return maxSession;
    }

    public void setMaxSession(Integer maxSession) {
        this.maxSession = maxSession;
    }

    public Long getRedeliveryDelay() {
        return redeliveryDelay;
    }

    public void setRedeliveryDelay(Long redeliveryDelay) {
        this.redeliveryDelay = redeliveryDelay;
    }

    public Long getReconnectInterval() {
        return reconnectInterval;
    }

    public void setReconnectInterval(Long reconnectInterval) {
        this.reconnectInterval = reconnectInterval;
    }

    public Integer getMaxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    public void setMaxReconnectAttempts(Integer maxReconnectAttempts) {
        this.maxReconnectAttempts = maxReconnectAttempts;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }

    @Override
    public String toString() {
        return "PartitaActivationSpec[" + (destinationLookup != null ? destinationLookup : destination) + " ("
                + destinationType + "), selector=" + messageSelector + ", durability=" + subscriptionDurability
                + ", subscription=" + subscriptionName + ", maxSession=" + maxSession + "]";
    }
}
