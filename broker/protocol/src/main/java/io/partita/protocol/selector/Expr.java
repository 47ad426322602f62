package io.partita.protocol.selector;

/**
 * A node of a parsed selector. Nodes are immutable and shared by every thread evaluating the
 * selector; per-evaluation state lives in {@link Evaluation}, where each node owns the value
 * holder numbered {@link #slot}.
 */
abstract class Expr {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int UNKNOWN = 2;

    /** What the parser knows of a node's type before evaluation. */
    enum StaticType { BOOLEAN, NUMBER, STRING, ANY }

    /** Position of the node's first character in the selector text. */
    final int position;
    /** Index of the value holder this node owns in an {@link Evaluation}. */
    final int slot;

    Expr(int position, int slot) {
        this.position = position;
        this.slot = slot;
    }

    abstract StaticType staticType();

    /** How the node is named in an error message. */
    abstract String describe();

    /**
     * Evaluates to a value. The holder returned is either this node's slot or a constant; the
     * caller reads it and must not change it.
     */
    abstract SelectorValue value(Evaluation e);

    /** Evaluates as a condition: {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}. */
    int test(Evaluation e) {
        SelectorValue v = value(e);
        if (v.kind() == SelectorValue.Kind.BOOLEAN) {
            return v.booleanValue() ? TRUE : FALSE;
        }
        return UNKNOWN;
    }

    static int not(int truth) {
        return truth == UNKNOWN ? UNKNOWN : truth ^ 1;
    }

    /** A node whose value is a truth value: evaluation goes through {@link #test}. */
    abstract static class Condition extends Expr {

        Condition(int position, int slot) {
            super(position, slot);
        }

        @Override
        final StaticType staticType() {
            return StaticType.BOOLEAN;
        }

        @Override
        String describe() {
            return "a condition";
        }

        @Override
        abstract int test(Evaluation e);

        @Override
        final SelectorValue value(Evaluation e) {
            int t = test(e);
            SelectorValue v = e.slots[slot];
            if (t == UNKNOWN) {
                v.setNull();
            } else {
                v.setBoolean(t == TRUE);
            }
            return v;
        }
    }
}
