package io.partita.protocol.selector;

/** Unary {@code +} or {@code -} on a number; NULL or a non-number gives NULL. Negation wraps like Java's. */
final class UnaryExpr extends Expr {

    private final boolean negate;
    private final Expr operand;

    UnaryExpr(int position, int slot, boolean negate, Expr operand) {
        super(position, slot);
        this.negate = negate;
        this.operand = operand;
    }

    @Override
    StaticType staticType() {
        return StaticType.NUMBER;
    }

    @Override
    String describe() {
        return "an arithmetic expression";
    }

    @Override
    SelectorValue value(Evaluation e) {
        SelectorValue out = e.slots[slot];
        SelectorValue v = operand.value(e);
        if (v.kind() == SelectorValue.Kind.LONG) {
            out.setLong(negate ? -v.longValue() : v.longValue());
        } else if (v.kind() == SelectorValue.Kind.DOUBLE) {
            out.setDouble(negate ? -v.doubleValue() : v.doubleValue());
        } else {
            out.setNull();
        }
        return out;
    }
}
