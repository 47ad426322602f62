package io.partita.protocol.selector;

/** One lexical token of a selector: its kind, where it starts and, for literals and names, its value. */
final class Token {

    enum Kind {
        IDENTIFIER, STRING, EXACT, APPROXIMATE,
        TRUE, FALSE, NULL, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE,
        EQ("'='"), NE("'<>'"), LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"),
        PLUS("'+'"), MINUS("'-'"), STAR("'*'"), SLASH("'/'"),
        LPAREN("'('"), RPAREN("')'"), COMMA("','"), END("end of selector");

        final String display;

        Kind() {
            this.display = "keyword " + name();
        }

        Kind(String display) {
            this.display = display;
        }
    }

    final Kind kind;
    final int position;
    /** Identifier name, string literal value, or the digits of a numeric literal. */
    final String text;
    final double approximate;

    Token(Kind kind, int position, String text, double approximate) {
        this.kind = kind;
        this.position = position;
        this.text = text;
        this.approximate = approximate;
    }

    /** How this token is named in an error message. */
    String describe() {
        switch (kind) {
            case IDENTIFIER: return "identifier '" + text + "'";
            case STRING: return "string literal '" + abbreviate(text) + "'";
            case EXACT:
            case APPROXIMATE: return "number " + text;
            default: return kind.display;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s.replace("'", "''") : s.substring(0, 37).replace("'", "''") + "...";
    }
}
