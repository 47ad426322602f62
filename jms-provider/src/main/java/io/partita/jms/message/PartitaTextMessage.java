package io.partita.jms.message;

import io.partita.protocol.message.MessageType;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import java.nio.charset.StandardCharsets;

/**
 * A message whose body is a string, stored in the record value as UTF-8; a null text is a null
 * record value, so it stays distinct from the empty string. Not thread-safe.
 */
public class PartitaTextMessage extends PartitaMessage implements TextMessage {
    private String text;

    public PartitaTextMessage() {
    }

    public PartitaTextMessage(String text) {
        this.text = text;
    }

    @Override
    public MessageType messageType() {
        return MessageType.TEXT;
    }

    @Override
    public void setText(String string) throws JMSException {
        checkBodyWritable();
        text = string;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        text = null;
    }

    @Override
    protected Object bodyValue() {
        return text;
    }

    @Override
    byte[] encodeBody() {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void decodeBody(byte[] body) {
        text = body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}
