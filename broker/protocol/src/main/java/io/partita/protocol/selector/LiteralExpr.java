package io.partita.protocol.selector;

import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;

/** A literal: string (held as both {@code String} and UTF-8), exact or approximate number, boolean, or NULL. */
final class LiteralExpr extends Expr {

    private final SelectorValue constant = new SelectorValue();
    private final StaticType type;
    private final String display;

    private LiteralExpr(int position, int slot, StaticType type, String display) {
        super(position, slot);
        this.type = type;
        this.display = display;
    }

    static LiteralExpr ofString(int position, int slot, String s) {
        LiteralExpr e = new LiteralExpr(position, slot, StaticType.STRING,
                "string literal '" + Token.abbreviate(s) + "'");
        e.constant.setBoth(s, ByteBuffer.wrap(Utf8Bytes.encode(s)));
        return e;
    }

    static LiteralExpr ofLong(int position, int slot, long v) {
        LiteralExpr e = new LiteralExpr(position, slot, StaticType.NUMBER, "number " + v);
        e.constant.setLong(v);
        return e;
    }

    static LiteralExpr ofDouble(int position, int slot, double v) {
        LiteralExpr e = new LiteralExpr(position, slot, StaticType.NUMBER, "number " + v);
        e.constant.setDouble(v);
        return e;
    }

    static LiteralExpr ofBoolean(int position, int slot, boolean v) {
        LiteralExpr e = new LiteralExpr(position, slot, StaticType.BOOLEAN, "keyword " + (v ? "TRUE" : "FALSE"));
        e.constant.setBoolean(v);
        return e;
    }

    static LiteralExpr ofNull(int position, int slot) {
        return new LiteralExpr(position, slot, StaticType.ANY, "keyword NULL");
    }

    SelectorValue constant() {
        return constant;
    }

    @Override
    StaticType staticType() {
        return type;
    }

    @Override
    String describe() {
        return display;
    }

    @Override
    SelectorValue value(Evaluation e) {
        return constant;
    }
}
