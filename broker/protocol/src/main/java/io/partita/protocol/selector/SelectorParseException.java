package io.partita.protocol.selector;

/**
 * A selector is not valid. Carries the 0-based character position of the problem in the
 * selector text, what the parser expected there, and what it found. The JMS layer turns this
 * into {@code jakarta.jms.InvalidSelectorException}.
 */
public class SelectorParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String selector;
    private final int position;
    private final String expected;
    private final String found;

    public SelectorParseException(String selector, int position, String expected, String found) {
        super("expected " + expected + " at position " + position + " but found " + found
                + " in selector \"" + selector + "\"");
        this.selector = selector;
        this.position = position;
        this.expected = expected;
        this.found = found;
    }

    /** The selector text that failed to parse. */
    public String selector() {
        return selector;
    }

    /** 0-based index in the selector text of the first character of the offending token. */
    public int position() {
        return position;
    }

    /** What was expected at {@link #position()}, e.g. {@code "')'"}. */
    public String expected() {
        return expected;
    }

    /** What was found at {@link #position()}, e.g. {@code "end of selector"}. */
    public String found() {
        return found;
    }
}
