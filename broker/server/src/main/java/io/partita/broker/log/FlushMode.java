package io.partita.broker.log;

import java.util.Locale;

/** When an append is made durable before it is acknowledged. */
public enum FlushMode {
    /**
     * Acknowledge after fsync; appenders that arrive while an fsync runs share the next one.
     * The default.
     */
    GROUP_COMMIT("group-commit"),
    /** Acknowledge once written to the page cache; durability comes from replication. */
    OS("os");

    private final String configValue;

    FlushMode(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static FlushMode fromConfig(String value) {
        for (FlushMode m : values()) {
            if (m.configValue.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("flush.mode '" + value + "' is not one of group-commit, os");
    }
}
