package io.partita.jms.message;

/**
 * A message as one record: the key ({@code JMSXGroupID} as UTF-8, or null), the envelope (the
 * value of the record header {@code "jms"}) and the body (the record value, or null). The arrays
 * are owned by this value; do not change them.
 */
public record EncodedMessage(byte[] key, byte[] envelope, byte[] body) {
}
