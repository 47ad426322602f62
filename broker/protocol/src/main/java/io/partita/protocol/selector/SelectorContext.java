package io.partita.protocol.selector;

/**
 * What a selector sees of a message: its header fields and its properties. Implemented over an
 * encoded envelope by {@code io.partita.protocol.message.EnvelopeReader} and over plain Java
 * values by {@link MapSelectorContext}.
 *
 * <p>Values the broker knows only at delivery ({@code JMSXDeliveryCount}, {@code JMSRedelivered})
 * are not asked of the context; they are passed to {@link Selector#matches(SelectorContext, int)}.
 *
 * <p>Both methods must fill {@code out} (with {@link SelectorValue#setNull()} when there is no
 * value) and should not allocate.
 */
public interface SelectorContext {

    /** Loads the value of a header field into {@code out}. */
    void loadHeader(HeaderField field, SelectorValue out);

    /** Loads the value of a property into {@code out}, or NULL when the message has none by that name. */
    void loadProperty(PropertyName name, SelectorValue out);
}
