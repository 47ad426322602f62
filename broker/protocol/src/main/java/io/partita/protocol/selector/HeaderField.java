package io.partita.protocol.selector;

/**
 * The JMS header fields a selector may name (Jakarta Messaging 3.0, section 3.8.1.1), with the
 * type each one has in a selector. A {@link SelectorContext} supplies their values.
 */
public enum HeaderField {
    /** {@code JMSDeliveryMode}: the string {@code 'PERSISTENT'} or {@code 'NON_PERSISTENT'}. */
    DELIVERY_MODE("JMSDeliveryMode"),
    /** {@code JMSPriority}: an exact number, 0 to 9. */
    PRIORITY("JMSPriority"),
    /** {@code JMSMessageID}: a string, or NULL. */
    MESSAGE_ID("JMSMessageID"),
    /** {@code JMSTimestamp}: an exact number, milliseconds since the epoch. */
    TIMESTAMP("JMSTimestamp"),
    /** {@code JMSCorrelationID}: a string, or NULL (also NULL when the id was set as bytes). */
    CORRELATION_ID("JMSCorrelationID"),
    /** {@code JMSType}: a string, or NULL. */
    TYPE("JMSType");

    /** Value of {@code JMSDeliveryMode} for a persistent message. */
    public static final String PERSISTENT = "PERSISTENT";
    /** Value of {@code JMSDeliveryMode} for a non-persistent message. */
    public static final String NON_PERSISTENT = "NON_PERSISTENT";

    private final String selectorName;

    HeaderField(String selectorName) {
        this.selectorName = selectorName;
    }

    /** The identifier that names this field in a selector (case-sensitive). */
    public String selectorName() {
        return selectorName;
    }

    static HeaderField forSelectorName(String name) {
        for (HeaderField f : values()) {
            if (f.selectorName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
