package io.partita.broker.config;

/**
 * A broker configuration that cannot be used: an unknown key, a value of the wrong type or out of
 * range, or a file that cannot be read. The message names the key and the value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
