package io.partita.protocol.selector;

/**
 * {@code = <> < <= > >=}. With a NULL operand the result is UNKNOWN. Numbers compare after
 * Java's binary numeric promotion (so {@code NaN} is unequal to everything, and {@code -0.0 = 0}).
 * Strings and booleans compare with {@code =} and {@code <>} only. Any other pairing (values of
 * unlike types, or an ordering operator on strings or booleans met at run time) is FALSE, as the
 * specification says of comparing non-like types.
 */
final class ComparisonExpr extends Expr.Condition {

    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    private final Op op;
    private final Expr left;
    private final Expr right;

    ComparisonExpr(int position, int slot, Op op, Expr left, Expr right) {
        super(position, slot);
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    int test(Evaluation e) {
        SelectorValue l = left.value(e);
        if (l.kind() == SelectorValue.Kind.NULL) {
            return UNKNOWN;
        }
        SelectorValue r = right.value(e);
        return compare(op, l, r);
    }

    /** Compares two values under {@code op}; shared with BETWEEN. */
    static int compare(Op op, SelectorValue l, SelectorValue r) {
        SelectorValue.Kind lk = l.kind();
        SelectorValue.Kind rk = r.kind();
        if (lk == SelectorValue.Kind.NULL || rk == SelectorValue.Kind.NULL) {
            return UNKNOWN;
        }
        if (lk == SelectorValue.Kind.LONG && rk == SelectorValue.Kind.LONG) {
            long a = l.longValue();
            long b = r.longValue();
            boolean result;
            switch (op) {
                case EQ: result = a == b; break;
                case NE: result = a != b; break;
                case LT: result = a < b; break;
                case LE: result = a <= b; break;
                case GT: result = a > b; break;
                default: result = a >= b; break;
            }
            return result ? TRUE : FALSE;
        }
        if (l.isNumber() && r.isNumber()) {
            double a = l.asDouble();
            double b = r.asDouble();
            boolean result;
            switch (op) {
                case EQ: result = a == b; break;
                case NE: result = a != b; break;
                case LT: result = a < b; break;
                case LE: result = a <= b; break;
                case GT: result = a > b; break;
                default: result = a >= b; break;
            }
            return result ? TRUE : FALSE;
        }
        if (lk != rk || op.ordering()) {
            return FALSE;
        }
        boolean equal = lk == SelectorValue.Kind.STRING
                ? l.stringEquals(r)
                : l.booleanValue() == r.booleanValue();
        return equal == (op == Op.EQ) ? TRUE : FALSE;
    }
}
