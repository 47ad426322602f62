package io.partita.protocol.selector;

/**
 * {@code AND}, {@code OR} and {@code NOT} with SQL three-valued logic. {@code AND} stops at the
 * first FALSE operand and {@code OR} at the first TRUE one; an operand that is not a boolean
 * counts as UNKNOWN.
 */
final class LogicalExpr extends Expr.Condition {

    enum Op { AND, OR, NOT }

    private final Op op;
    private final Expr left;
    private final Expr right;

    LogicalExpr(int position, int slot, Op op, Expr left, Expr right) {
        super(position, slot);
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    int test(Evaluation e) {
        int a = left.test(e);
        switch (op) {
            case NOT:
                return not(a);
            case AND: {
                if (a == FALSE) {
                    return FALSE;
                }
                int b = right.test(e);
                if (b == FALSE) {
                    return FALSE;
                }
                return a == TRUE && b == TRUE ? TRUE : UNKNOWN;
            }
            default: {
                if (a == TRUE) {
                    return TRUE;
                }
                int b = right.test(e);
                if (b == TRUE) {
                    return TRUE;
                }
                return a == FALSE && b == FALSE ? FALSE : UNKNOWN;
            }
        }
    }
}
