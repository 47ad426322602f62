package io.partita.protocol.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the selector grammar of Jakarta Messaging 3.0, section 3.8.1.
 * Precedence, loosest first:
 * <pre>
 * selector   := or END
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | predicate
 * predicate  := sum [ ('=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') sum
 *                   | [NOT] BETWEEN sum AND sum
 *                   | [NOT] IN '(' string (',' string)* ')'
 *                   | [NOT] LIKE string [ESCAPE string]
 *                   | IS [NOT] NULL ]
 * sum        := product (('+' | '-') product)*
 * product    := unary (('*' | '/') unary)*
 * unary      := ('+' | '-') unary | primary
 * primary    := literal | identifier | '(' or ')'
 * </pre>
 * {@code IN}, {@code LIKE} and {@code IS NULL} apply to an identifier, as the specification
 * writes them. Operands whose type is known while parsing are checked: arithmetic, ordering
 * comparisons and {@code BETWEEN} take numbers; {@code AND}, {@code OR}, {@code NOT} and the
 * selector as a whole take conditions; {@code IN} and {@code LIKE} take a string identifier.
 */
final class SelectorParser {

    private final String text;
    private final List<Token> tokens;
    private int index;
    private int slots;

    private SelectorParser(String text) {
        this.text = text;
        this.tokens = SelectorLexer.tokenize(text);
    }

    /** Parses {@code text}; the result's {@code slot} numbers run from 0 to {@code slotCount() - 1}. */
    static SelectorParser parse(String text) {
        SelectorParser p = new SelectorParser(text);
        p.root = p.or();
        p.expect(Token.Kind.END, "AND, OR or end of selector");
        p.requireCondition(p.root);
        return p;
    }

    private Expr root;

    Expr root() {
        return root;
    }

    int slotCount() {
        return slots;
    }

    private Expr or() {
        Expr left = and();
        while (peek().kind == Token.Kind.OR) {
            advance();
            requireCondition(left);
            Expr right = and();
            requireCondition(right);
            left = new LogicalExpr(left.position, slots++, LogicalExpr.Op.OR, left, right);
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().kind == Token.Kind.AND) {
            advance();
            requireCondition(left);
            Expr right = not();
            requireCondition(right);
            left = new LogicalExpr(left.position, slots++, LogicalExpr.Op.AND, left, right);
        }
        return left;
    }

    private Expr not() {
        if (peek().kind == Token.Kind.NOT) {
            Token not = advance();
            Expr operand = not();
            requireCondition(operand);
            return new LogicalExpr(not.position, slots++, LogicalExpr.Op.NOT, operand, null);
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = sum();
        Token t = peek();
        switch (t.kind) {
            case EQ: return comparison(left, ComparisonExpr.Op.EQ);
            case NE: return comparison(left, ComparisonExpr.Op.NE);
            case LT: return comparison(left, ComparisonExpr.Op.LT);
            case LE: return comparison(left, ComparisonExpr.Op.LE);
            case GT: return comparison(left, ComparisonExpr.Op.GT);
            case GE: return comparison(left, ComparisonExpr.Op.GE);
            case BETWEEN: return between(left, false);
            case IN: return in(left, false);
            case LIKE: return like(left, false);
            case IS: return isNull(left);
            case NOT: {
                Token after = peek(1);
                if (after.kind == Token.Kind.BETWEEN || after.kind == Token.Kind.IN || after.kind == Token.Kind.LIKE) {
                    advance();
                    switch (after.kind) {
                        case BETWEEN: return between(left, true);
                        case IN: return in(left, true);
                        default: return like(left, true);
                    }
                }
                throw error(after, "BETWEEN, IN or LIKE after NOT");
            }
            default:
                return left;
        }
    }

    private Expr comparison(Expr left, ComparisonExpr.Op op) {
        advance();
        Expr right = sum();
        if (op.ordering()) {
            requireNumeric(left, "a numeric operand for '" + op.symbol + "'");
            requireNumeric(right, "a numeric operand for '" + op.symbol + "'");
        }
        return new ComparisonExpr(left.position, slots++, op, left, right);
    }

    private Expr between(Expr subject, boolean negated) {
        advance();
        requireNumeric(subject, "a numeric operand for BETWEEN");
        Expr low = sum();
        requireNumeric(low, "a numeric lower bound for BETWEEN");
        expect(Token.Kind.AND, "AND in BETWEEN");
        Expr high = sum();
        requireNumeric(high, "a numeric upper bound for BETWEEN");
        return new BetweenExpr(subject.position, slots++, negated, subject, low, high);
    }

    private Expr in(Expr subject, boolean negated) {
        advance();
        requireStringIdentifier(subject, "IN");
        expect(Token.Kind.LPAREN, "'(' after IN");
        List<String> values = new ArrayList<>();
        do {
            values.add(expect(Token.Kind.STRING, "a string literal in the IN list").text);
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RPAREN, "',' or ')' in the IN list");
        return new InExpr(subject.position, slots++, negated, subject, values);
    }

    private Expr like(Expr subject, boolean negated) {
        advance();
        requireStringIdentifier(subject, "LIKE");
        Token pattern = expect(Token.Kind.STRING, "a string literal pattern after LIKE");
        int escape = -1;
        if (accept(Token.Kind.ESCAPE)) {
            Token esc = expect(Token.Kind.STRING, "a string literal after ESCAPE");
            String s = esc.text;
            if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
                throw error(esc, "a single-character escape string");
            }
            escape = s.codePointAt(0);
        }
        LikePattern compiled = LikePattern.compile(pattern.text, escape);
        if (compiled == null) {
            throw new SelectorParseException(text, pattern.position,
                    "a character after the escape character at the end of the LIKE pattern", pattern.describe());
        }
        return new LikeExpr(subject.position, slots++, negated, subject, compiled);
    }

    private Expr isNull(Expr subject) {
        advance();
        if (!(subject instanceof IdentifierExpr)) {
            throw new SelectorParseException(text, subject.position, "an identifier before IS", subject.describe());
        }
        boolean negated = accept(Token.Kind.NOT);
        expect(Token.Kind.NULL, negated ? "NULL after IS NOT" : "NULL or NOT after IS");
        return new IsNullExpr(subject.position, slots++, negated, subject);
    }

    private Expr sum() {
        Expr left = product();
        while (peek().kind == Token.Kind.PLUS || peek().kind == Token.Kind.MINUS) {
            Token op = advance();
            requireNumeric(left, "a numeric operand for '" + (op.kind == Token.Kind.PLUS ? "+" : "-") + "'");
            Expr right = product();
            requireNumeric(right, "a numeric operand for '" + (op.kind == Token.Kind.PLUS ? "+" : "-") + "'");
            left = new ArithmeticExpr(left.position, slots++,
                    op.kind == Token.Kind.PLUS ? ArithmeticExpr.Op.ADD : ArithmeticExpr.Op.SUBTRACT, left, right);
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (peek().kind == Token.Kind.STAR || peek().kind == Token.Kind.SLASH) {
            Token op = advance();
            requireNumeric(left, "a numeric operand for '" + (op.kind == Token.Kind.STAR ? "*" : "/") + "'");
            Expr right = unary();
            requireNumeric(right, "a numeric operand for '" + (op.kind == Token.Kind.STAR ? "*" : "/") + "'");
            left = new ArithmeticExpr(left.position, slots++,
                    op.kind == Token.Kind.STAR ? ArithmeticExpr.Op.MULTIPLY : ArithmeticExpr.Op.DIVIDE, left, right);
        }
        return left;
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind != Token.Kind.PLUS && t.kind != Token.Kind.MINUS) {
            return primary();
        }
        advance();
        boolean negate = t.kind == Token.Kind.MINUS;
        Token next = peek();
        // A signed numeric literal is one literal, so that -9223372036854775808 is in range.
        if (next.kind == Token.Kind.EXACT) {
            advance();
            return exact(t.position, next, negate ? "-" + next.text : next.text);
        }
        if (next.kind == Token.Kind.APPROXIMATE) {
            advance();
            return LiteralExpr.ofDouble(t.position, slots++, negate ? -next.approximate : next.approximate);
        }
        Expr operand = unary();
        requireNumeric(operand, "a numeric operand for unary '" + (negate ? "-" : "+") + "'");
        return new UnaryExpr(t.position, slots++, negate, operand);
    }

    private Expr primary() {
        Token t = advance();
        switch (t.kind) {
            case STRING: return LiteralExpr.ofString(t.position, slots++, t.text);
            case EXACT: return exact(t.position, t, t.text);
            case APPROXIMATE: return LiteralExpr.ofDouble(t.position, slots++, t.approximate);
            case TRUE: return LiteralExpr.ofBoolean(t.position, slots++, true);
            case FALSE: return LiteralExpr.ofBoolean(t.position, slots++, false);
            case NULL: return LiteralExpr.ofNull(t.position, slots++);
            case IDENTIFIER: return new IdentifierExpr(t.position, slots++, t.text);
            case LPAREN: {
                Expr inner = or();
                expect(Token.Kind.RPAREN, "')'");
                return inner;
            }
            default:
                throw error(t, "an identifier, literal or '('");
        }
    }

    private Expr exact(int position, Token token, String digits) {
        try {
            return LiteralExpr.ofLong(position, slots++, Long.parseLong(digits));
        } catch (NumberFormatException e) {
            throw new SelectorParseException(text, position, "an exact numeric literal in the range of long",
                    "number " + digits);
        }
    }

    private void requireNumeric(Expr e, String expected) {
        Expr.StaticType t = e.staticType();
        if (t != Expr.StaticType.NUMBER && t != Expr.StaticType.ANY) {
            throw new SelectorParseException(text, e.position, expected, e.describe());
        }
    }

    private void requireCondition(Expr e) {
        Expr.StaticType t = e.staticType();
        if (t != Expr.StaticType.BOOLEAN && t != Expr.StaticType.ANY) {
            throw new SelectorParseException(text, e.position, "a condition", e.describe());
        }
    }

    private void requireStringIdentifier(Expr e, String operator) {
        if (!(e instanceof IdentifierExpr)) {
            throw new SelectorParseException(text, e.position, "an identifier before " + operator, e.describe());
        }
        Expr.StaticType t = e.staticType();
        if (t != Expr.StaticType.STRING && t != Expr.StaticType.ANY) {
            throw new SelectorParseException(text, e.position, "a string identifier before " + operator, e.describe());
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(index);
        if (t.kind != Token.Kind.END) {
            index++;
        }
        return t;
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind == kind) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(Token.Kind kind, String expected) {
        Token t = peek();
        if (t.kind != kind) {
            throw error(t, expected);
        }
        return advance();
    }

    private SelectorParseException error(Token found, String expected) {
        return new SelectorParseException(text, found.position, expected, found.describe());
    }
}
