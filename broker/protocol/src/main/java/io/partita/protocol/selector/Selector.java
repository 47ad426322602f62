package io.partita.protocol.selector;

/**
 * A parsed JMS message selector (Jakarta Messaging 3.0, section 3.8.1). Parse once with
 * {@link #parse(String)}, then call {@link #matches(SelectorContext, int)} per message.
 *
 * <p>A message matches when the selector evaluates to TRUE; FALSE and UNKNOWN do not match. A
 * null, empty or blank selector is {@link #MATCH_ALL}. The rules chosen where the specification
 * leaves room are written down in the module's README and on the node classes: comparing
 * non-like types is FALSE, exact division truncates and dividing an exact number by zero is
 * NULL, only the header fields of {@link HeaderField} plus {@code JMSXDeliveryCount} and
 * {@code JMSRedelivered} are read from outside the properties.
 *
 * <p>Immutable and thread-safe. Evaluation allocates nothing in the common cases: every
 * evaluating thread gets its own scratch (a value holder per node) on first use and keeps it.
 */
public final class Selector {

    /** The selector that matches every message. */
    public static final Selector MATCH_ALL = new Selector("", null, 0);

    private final String text;
    private final Expr root;
    private final ThreadLocal<Evaluation> scratch;

    private Selector(String text, Expr root, int slotCount) {
        this.text = text;
        this.root = root;
        this.scratch = root == null ? null : ThreadLocal.withInitial(() -> new Evaluation(slotCount));
    }

    /**
     * Parses a selector.
     *
     * @return {@link #MATCH_ALL} for a null, empty or blank selector
     * @throws SelectorParseException with the position of the problem, what was expected there
     *     and what was found
     */
    public static Selector parse(String text) {
        if (text == null || text.isBlank()) {
            return MATCH_ALL;
        }
        SelectorParser parser = SelectorParser.parse(text);
        return new Selector(text, parser.root(), parser.slotCount());
    }

    /**
     * Whether the message seen through {@code context} matches.
     *
     * @param deliveryCount the value of {@code JMSXDeliveryCount}: 1 on first delivery, more on
     *     redelivery; {@code JMSRedelivered} is {@code deliveryCount > 1}
     * @throws RuntimeException whatever the context throws, such as
     *     {@code MalformedEnvelopeException} for a damaged envelope
     */
    public boolean matches(SelectorContext context, int deliveryCount) {
        return root == null || evaluate(context, deliveryCount) == Expr.TRUE;
    }

    /** The three-valued result: {@code Expr.TRUE}, {@code Expr.FALSE} or {@code Expr.UNKNOWN}. */
    int evaluate(SelectorContext context, int deliveryCount) {
        if (root == null) {
            return Expr.TRUE;
        }
        Evaluation e = scratch.get();
        if (e.inUse) {
            // Re-entered from inside a context on this thread: use a private scratch.
            e = new Evaluation(e.slots.length);
        }
        e.inUse = true;
        e.context = context;
        e.deliveryCount = deliveryCount;
        try {
            return root.test(e);
        } finally {
            e.context = null;
            e.inUse = false;
        }
    }

    /** Whether this selector matches every message without looking at it. */
    public boolean matchesAll() {
        return root == null;
    }

    /** The selector text as given (empty for {@link #MATCH_ALL}). */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
