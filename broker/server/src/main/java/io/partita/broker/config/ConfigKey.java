package io.partita.broker.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * The definition of one {@code server.properties} key: its name, its default (as it would be
 * written in the file, or null when the key has no default and is simply absent), a parser that
 * turns text into a value or explains why it cannot, and one sentence of documentation.
 *
 * @param name          the key, e.g. {@code num.partitions}
 * @param defaultValue  the default as text, or null for "not set"
 * @param valid         the accepted values, in words, for messages and docs (e.g. "1 or more")
 * @param parser        turns the text into a value; throws {@link IllegalArgumentException} with
 *                      the reason when it cannot
 * @param doc           what the key does
 */
public record ConfigKey(String name, String defaultValue, String valid, Function<String, Object> parser, String doc) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(doc, "doc");
    }

    /**
     * Parses {@code text} for this key.
     *
     * @throws ConfigException naming the key and the value when the text is not acceptable
     */
    public Object parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value '" + text + "' for configuration key '" + name + "': "
                    + e.getMessage() + " (expected " + valid + ")");
        }
    }

    /** Parses an integer within {@code [min, max]}. */
    static Function<String, Object> intIn(int min, int max) {
        return text -> {
            int v;
            try {
                v = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a 32-bit integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        };
    }

    /** Parses a long within {@code [min, max]}. */
    static Function<String, Object> longIn(long min, long max) {
        return text -> {
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a 64-bit integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        };
    }

    /** Parses {@code true} or {@code false}, case-insensitively; nothing else. */
    static Object bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }
}
