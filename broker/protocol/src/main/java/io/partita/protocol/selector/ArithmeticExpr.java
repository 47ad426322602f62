package io.partita.protocol.selector;

/**
 * {@code + - * /} on two numbers, with Java's binary numeric promotion: two exact operands use
 * {@code long} arithmetic (overflow wraps, division truncates toward zero, division by zero is
 * NULL); otherwise both widen to {@code double} and IEEE 754 applies (so {@code x / 0.0} is an
 * infinity or NaN). A NULL or non-numeric operand gives NULL.
 */
final class ArithmeticExpr extends Expr {

    enum Op { ADD, SUBTRACT, MULTIPLY, DIVIDE }

    private final Op op;
    private final Expr left;
    private final Expr right;

    ArithmeticExpr(int position, int slot, Op op, Expr left, Expr right) {
        super(position, slot);
        this.op = op;
        this.left = left;
        this.right = right;
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
        SelectorValue l = left.value(e);
        if (!l.isNumber()) {
            out.setNull();
            return out;
        }
        SelectorValue r = right.value(e);
        if (!r.isNumber()) {
            out.setNull();
            return out;
        }
        if (l.kind() == SelectorValue.Kind.LONG && r.kind() == SelectorValue.Kind.LONG) {
            long a = l.longValue();
            long b = r.longValue();
            switch (op) {
                case ADD: out.setLong(a + b); break;
                case SUBTRACT: out.setLong(a - b); break;
                case MULTIPLY: out.setLong(a * b); break;
                default:
                    if (b == 0) {
                        out.setNull();
                    } else {
                        out.setLong(a / b);
                    }
            }
            return out;
        }
        double a = l.asDouble();
        double b = r.asDouble();
        switch (op) {
            case ADD: out.setDouble(a + b); break;
            case SUBTRACT: out.setDouble(a - b); break;
            case MULTIPLY: out.setDouble(a * b); break;
            default: out.setDouble(a / b);
        }
        return out;
    }
}
