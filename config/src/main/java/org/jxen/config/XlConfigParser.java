package org.jxen.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses xl.cfg syntax (xl.cfg(5), "SYNTAX"): {@code KEY=VALUE} or {@code KEY+=VALUE}, separated
 * by newlines or {@code ;}; a value is a string, a number or a list {@code [ ... ]} of values,
 * which may nest and span lines, with an optional trailing comma.
 */
public final class XlConfigParser {
    private final List<Token> tokens;
    private int at;

    private XlConfigParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses {@code text}, naming it {@code file} in errors. */
    public static XlConfig parse(String file, String text) throws ConfigException {
        return new XlConfigParser(Lexer.tokens(file, text)).file(file);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token take() {
        return tokens.get(at++);
    }

    private XlConfig file(String file) throws ConfigException {
        XlConfig.Builder config = new XlConfig.Builder(file);
        while (peek().kind() != Token.Kind.END) {
            Token t = take();
            switch (t.kind()) {
                case NEWLINE, SEMICOLON -> {
                }
                case KEY -> {
                    setting(t, config);
                    Token end = peek();
                    switch (end.kind()) {
                        case NEWLINE, SEMICOLON -> at++;
                        case END -> {
                        }
                        default -> throw new ConfigException(end.position(), "expected a newline or ';' after the value of "
                                + t.text() + ", found " + end.describe());
                    }
                }
                default -> throw new ConfigException(t.position(), "expected a key, found " + t.describe());
            }
        }
        return config.build(peek().position());
    }

    private void setting(Token key, XlConfig.Builder config) throws ConfigException {
        Token op = take();
        if (op.kind() != Token.Kind.EQUALS && op.kind() != Token.Kind.PLUS_EQUALS) {
            throw new ConfigException(op.position(), "expected '=' or '+=' after " + key.text() + ", found " + op.describe());
        }
        Value v = value(key.text());
        if (op.kind() == Token.Kind.EQUALS) {
            config.set(key.text(), v, key.position());
        } else {
            config.append(key.text(), v, key.position());
        }
    }

    private Value value(String key) throws ConfigException {
        Token t = take();
        return switch (t.kind()) {
            case STRING -> new Value.Atom(t.text(), true, t.position());
            case NUMBER -> new Value.Atom(t.text(), false, t.position());
            case OPEN -> list(t, key);
            default -> throw new ConfigException(t.position(), "expected a value for " + key
                    + " (a \"string\", a number or a [list]), found " + t.describe());
        };
    }

    private Value list(Token open, String key) throws ConfigException {
        List<Value> items = new ArrayList<>();
        while (true) {
            skipNewlines();
            if (peek().kind() == Token.Kind.CLOSE) {
                at++;
                return new Value.ListValue(items, open.position());
            }
            if (peek().kind() == Token.Kind.END) {
                throw new ConfigException(peek().position(), "expected ']' to close the list opened at "
                        + open.position().lineColumn());
            }
            items.add(value(key));
            skipNewlines();
            Token t = take();
            if (t.kind() == Token.Kind.CLOSE) {
                return new Value.ListValue(items, open.position());
            }
            if (t.kind() != Token.Kind.COMMA) {
                throw new ConfigException(t.position(), "expected ',' or ']' to close the list opened at "
                        + open.position().lineColumn() + ", found " + t.describe());
            }
        }
    }

    private void skipNewlines() {
        while (peek().kind() == Token.Kind.NEWLINE) {
            at++;
        }
    }
}
