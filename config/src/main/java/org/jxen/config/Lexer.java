package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Splits an xl.cfg file into tokens exactly as libxlu (Xen 4.17) does; every rule below was
 * checked against xl through the oracle corpus. Keys are {@code [a-z][a-z0-9_.]*} (no capitals);
 * numbers are {@code [0-9][0-9a-fx]*} (so {@code 0x1f}, not {@code 0X1F}); strings are in single
 * or double quotes on one line; {@code = += , [ ] ;}, newlines, and {@code #} comments. Only
 * spaces and tabs separate tokens: a carriage return, form feed or byte-order mark is an error.
 */
final class Lexer {
    private final String file;
    private final String text;
    private int at;
    private int line = 1;
    private int lineStart;
    /** Where the last newline was: libxlu reports the end of a file that ends with one there. */
    private Position lastNewline;

    private Lexer(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static List<Token> tokens(String file, String text) throws ConfigException {
        Lexer lexer = new Lexer(file, text);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.END);
        return tokens;
    }

    private Position here() {
        return new Position(file, line, at - lineStart + 1);
    }

    private Token next() throws ConfigException {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ' ' || c == '\t') {
                at++;
            } else if (c == '#') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else {
                break;
            }
        }
        Position p = here();
        if (at >= text.length()) {
            return new Token(Token.Kind.END, "", text.endsWith("\n") ? lastNewline : p);
        }
        char c = text.charAt(at);
        switch (c) {
            case '\n' -> {
                lastNewline = p;
                at++;
                line++;
                lineStart = at;
                return new Token(Token.Kind.NEWLINE, "\n", p);
            }
            case '=' -> {
                at++;
                return new Token(Token.Kind.EQUALS, "=", p);
            }
            case ',' -> {
                at++;
                return new Token(Token.Kind.COMMA, ",", p);
            }
            case '[' -> {
                at++;
                return new Token(Token.Kind.OPEN, "[", p);
            }
            case ']' -> {
                at++;
                return new Token(Token.Kind.CLOSE, "]", p);
            }
            case ';' -> {
                at++;
                return new Token(Token.Kind.SEMICOLON, ";", p);
            }
            case '"', '\'' -> {
                return string(c, p);
            }
            default -> {
            }
        }
        if (c == '+' && at + 1 < text.length() && text.charAt(at + 1) == '=') {
            at += 2;
            return new Token(Token.Kind.PLUS_EQUALS, "+=", p);
        }
        if (isKeyStart(c)) {
            return new Token(Token.Kind.KEY, take(Lexer::isKeyPart), p);
        }
        if (isDigit(c)) {
            return new Token(Token.Kind.NUMBER, take(Lexer::isNumberPart), p);
        }
        throw new ConfigException(p, "unexpected character " + describe(c) + "; keys are lower case"
                + " ([a-z][a-z0-9_.]*), numbers [0-9][0-9a-fx]*, strings quoted; lines end with a newline alone");
    }

    static boolean isKeyStart(int c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isKeyPart(int c) {
        return isKeyStart(c) || isDigit(c) || c == '_' || c == '.';
    }

    private static boolean isNumberPart(int c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c == 'x';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String take(IntPredicate part) {
        int start = at;
        while (at < text.length() && part.test(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    /** A quoted string; {@code p} is its opening quote. */
    private Token string(char quote, Position p) throws ConfigException {
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length() || text.charAt(at) == '\n') {
                throw new ConfigException(p, "string not closed: expected " + quote + " before the end of the line");
            }
            char c = text.charAt(at++);
            if (c == quote) {
                return new Token(Token.Kind.STRING, value.toString(), p);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            Position escape = new Position(file, line, at - lineStart);
            if (at >= text.length() || text.charAt(at) == '\n') {
                throw new ConfigException(escape, "a backslash cannot end a line inside a string");
            }
            escape(value, escape);
        }
    }

    /**
     * Reads the escape after a backslash into {@code value}: the C letters (a b f n r t v), and a
     * quote or backslash as itself. libxlu 4.17 rejects every {@code \\x} escape, and accepts a run
     * of three or more digits but drops it; both are kept, so a file means the same to jxen and xl.
     */
    private void escape(StringBuilder value, Position where) throws ConfigException {
        char e = text.charAt(at++);
        switch (e) {
            case 'a' -> value.append('\u0007');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'v' -> value.append('\u000b');
            case '"', '\'', '\\' -> value.append(e);
            case 'x' -> throw new ConfigException(where, "xl does not accept \\x escapes (libxlu rejects every one);"
                    + " write the character itself");
            default -> {
                if (!isDigit(e)) {
                    throw new ConfigException(where, "unknown escape \\" + e
                            + "; the escapes are \\a \\b \\f \\n \\r \\t \\v \\\\ \\\" and \\'");
                }
                int digits = 1;
                while (at < text.length() && isDigit(text.charAt(at))) {
                    at++;
                    digits++;
                }
                if (digits < 3) {
                    throw new ConfigException(where, "a numeric escape needs three digits (and xl then drops it)");
                }
            }
        }
    }

    private static String describe(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
