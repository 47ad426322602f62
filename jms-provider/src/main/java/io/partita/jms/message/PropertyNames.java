package io.partita.jms.message;

import java.util.Locale;
import java.util.Set;

/**
 * The rules for message property names (Jakarta Messaging 3.0, sections 3.5.1 and 3.8.1.1): a
 * name is a Java identifier, is not one of the selector's reserved words ({@code NULL TRUE FALSE
 * NOT AND OR BETWEEN LIKE IN IS ESCAPE}, in any case), and does not begin with {@code JMS} unless
 * it is one of the {@code JMSX} names the specification defines or a provider-specific
 * {@code JMS_} name. Names beginning with {@code JMS} otherwise denote header fields, which are
 * not properties. Stateless and thread-safe.
 */
public final class PropertyNames {
    /** Set by the client to name a message group; the record key. */
    public static final String JMSX_GROUP_ID = "JMSXGroupID";
    /** Set by the client: the sequence number of a message within its group. */
    public static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";
    /** Set by the provider on receive: the number of delivery attempts, from 1. */
    public static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";

    /** Every {@code JMSX} name the specification defines (section 3.5.9). */
    public static final Set<String> JMSX_NAMES = Set.of("JMSXUserID", "JMSXAppID", JMSX_DELIVERY_COUNT,
            JMSX_GROUP_ID, JMSX_GROUP_SEQ, "JMSXProducerTXID", "JMSXConsumerTXID", "JMSXRcvTimestamp",
            "JMSXState");

    private static final Set<String> RESERVED = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    private PropertyNames() {
    }

    /**
     * Checks a property name for setting.
     *
     * @throws IllegalArgumentException naming the name and the rule it breaks
     */
    public static void check(String name) {
        if (name == null) {
            throw new IllegalArgumentException("property name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("property name must not be empty");
        }
        if (!Character.isJavaIdentifierStart(name.codePointAt(0))) {
            throw new IllegalArgumentException("property name '" + name + "' is not a Java identifier: it starts with '"
                    + new String(Character.toChars(name.codePointAt(0))) + "'");
        }
        for (int i = Character.charCount(name.codePointAt(0)); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                throw new IllegalArgumentException("property name '" + name + "' is not a Java identifier: '"
                        + new String(Character.toChars(cp)) + "' at index " + i);
            }
            i += Character.charCount(cp);
        }
        if (RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("property name '" + name + "' is a reserved word of the selector syntax");
        }
        if (name.startsWith("JMSX")) {
            if (!JMSX_NAMES.contains(name)) {
                throw new IllegalArgumentException("property name '" + name
                        + "' is not one of the JMSX properties the specification defines: " + JMSX_NAMES);
            }
        } else if (name.startsWith("JMS") && !name.startsWith("JMS_")) {
            throw new IllegalArgumentException("property name '" + name
                    + "' begins with JMS, which is reserved for header fields, JMSX and JMS_ properties");
        }
    }
}
