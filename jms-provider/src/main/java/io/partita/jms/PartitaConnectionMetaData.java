package io.partita.jms;

import io.partita.jms.message.PropertyNames;
import jakarta.jms.ConnectionMetaData;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** What a Partita connection supports: Jakarta Messaging 3.0 and the JMSX properties it sets or honours. Immutable. */
final class PartitaConnectionMetaData implements ConnectionMetaData {
    static final PartitaConnectionMetaData INSTANCE = new PartitaConnectionMetaData();

    static final String PROVIDER_NAME = "Partita";
    static final int PROVIDER_MAJOR = 0;
    static final int PROVIDER_MINOR = 1;

    private PartitaConnectionMetaData() {
    }

    @Override
    public String getJMSVersion() {
        return "3.0";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 0;
    }

    @Override
    public String getJMSProviderName() {
        return PROVIDER_NAME;
    }

    @Override
    public String getProviderVersion() {
        return PROVIDER_MAJOR + "." + PROVIDER_MINOR;
    }

    @Override
    public int getProviderMajorVersion() {
        return PROVIDER_MAJOR;
    }

    @Override
    public int getProviderMinorVersion() {
        return PROVIDER_MINOR;
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(List.of(PropertyNames.JMSX_GROUP_ID, PropertyNames.JMSX_GROUP_SEQ,
                PropertyNames.JMSX_DELIVERY_COUNT));
    }
}
