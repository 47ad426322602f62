package io.partita.protocol.wire;

/** The body of a response frame. */
public interface ApiResponse extends ApiMessage {
}
