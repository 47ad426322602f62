package io.partita.protocol.wire;

/** The body of a request frame. */
public interface ApiRequest extends ApiMessage {
}
