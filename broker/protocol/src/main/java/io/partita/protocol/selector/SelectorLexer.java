package io.partita.protocol.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits selector text into tokens (Jakarta Messaging 3.0, section 3.8.1.1): string literals
 * with {@code ''} for a quote, exact and approximate numeric literals without sign (the parser
 * handles signs), Java identifiers, reserved words in any case, and operators.
 */
final class SelectorLexer {

    private final String text;
    private int pos;

    private SelectorLexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        SelectorLexer lexer = new SelectorLexer(text);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        int n = text.length();
        while (pos < n && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= n) {
            return token(Token.Kind.END, pos, null);
        }
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '\'': return string(start);
            case '=': pos++; return token(Token.Kind.EQ, start, null);
            case '+': pos++; return token(Token.Kind.PLUS, start, null);
            case '-': pos++; return token(Token.Kind.MINUS, start, null);
            case '*': pos++; return token(Token.Kind.STAR, start, null);
            case '/': pos++; return token(Token.Kind.SLASH, start, null);
            case '(': pos++; return token(Token.Kind.LPAREN, start, null);
            case ')': pos++; return token(Token.Kind.RPAREN, start, null);
            case ',': pos++; return token(Token.Kind.COMMA, start, null);
            case '<':
                pos++;
                if (pos < n && text.charAt(pos) == '=') {
                    pos++;
                    return token(Token.Kind.LE, start, null);
                }
                if (pos < n && text.charAt(pos) == '>') {
                    pos++;
                    return token(Token.Kind.NE, start, null);
                }
                return token(Token.Kind.LT, start, null);
            case '>':
                pos++;
                if (pos < n && text.charAt(pos) == '=') {
                    pos++;
                    return token(Token.Kind.GE, start, null);
                }
                return token(Token.Kind.GT, start, null);
            default:
                break;
        }
        if (isDigit(c) || (c == '.' && pos + 1 < n && isDigit(text.charAt(pos + 1)))) {
            return number(start);
        }
        int cp = text.codePointAt(pos);
        if (Character.isJavaIdentifierStart(cp)) {
            pos += Character.charCount(cp);
            while (pos < n) {
                int p = text.codePointAt(pos);
                if (!Character.isJavaIdentifierPart(p)) {
                    break;
                }
                pos += Character.charCount(p);
            }
            String name = text.substring(start, pos);
            Token.Kind keyword = keyword(name);
            return token(keyword == null ? Token.Kind.IDENTIFIER : keyword, start, name);
        }
        throw new SelectorParseException(text, start, "an identifier, literal, operator or parenthesis",
                "character '" + new String(Character.toChars(cp)) + "'");
    }

    private Token string(int start) {
        StringBuilder sb = new StringBuilder();
        int n = text.length();
        pos++;
        while (true) {
            if (pos >= n) {
                throw new SelectorParseException(text, start, "a closing quote for the string literal starting here",
                        "end of selector");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < n && text.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return token(Token.Kind.STRING, start, sb.toString());
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Token number(int start) {
        int n = text.length();
        boolean approximate = false;
        while (pos < n && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < n && text.charAt(pos) == '.') {
            approximate = true;
            pos++;
            while (pos < n && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < n && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            approximate = true;
            pos++;
            if (pos < n && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= n || !isDigit(text.charAt(pos))) {
                throw new SelectorParseException(text, pos, "the digits of an exponent",
                        pos >= n ? "end of selector" : "character '" + text.charAt(pos) + "'");
            }
            while (pos < n && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String digits = text.substring(start, pos);
        if (!approximate) {
            return token(Token.Kind.EXACT, start, digits);
        }
        double value = Double.parseDouble(digits);
        if (Double.isInfinite(value)) {
            throw new SelectorParseException(text, start, "an approximate numeric literal in the range of double",
                    "number " + digits);
        }
        return new Token(Token.Kind.APPROXIMATE, start, digits, value);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static Token.Kind keyword(String name) {
        if (name.length() > 7) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return null; // reserved words are ASCII; no case folding of other scripts
            }
        }
        switch (name.toUpperCase(Locale.ROOT)) {
            case "NULL": return Token.Kind.NULL;
            case "TRUE": return Token.Kind.TRUE;
            case "FALSE": return Token.Kind.FALSE;
            case "NOT": return Token.Kind.NOT;
            case "AND": return Token.Kind.AND;
            case "OR": return Token.Kind.OR;
            case "BETWEEN": return Token.Kind.BETWEEN;
            case "LIKE": return Token.Kind.LIKE;
            case "IN": return Token.Kind.IN;
            case "IS": return Token.Kind.IS;
            case "ESCAPE": return Token.Kind.ESCAPE;
            default: return null;
        }
    }

    private static Token token(Token.Kind kind, int position, String text) {
        return new Token(kind, position, text, 0);
    }
}
