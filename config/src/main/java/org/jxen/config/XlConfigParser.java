package org.jxen.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    /**
     * A value; a list is read without recursion, each open list on {@code lists}. libxlu's parser
     * gives up when its stack would reach {@link ParserStack#LIMIT} entries, so {@code stack}
     * counts the entries it would hold at each token and refuses the same files at the same place.
     */
    private Value value(String key) throws ConfigException {
        Token first = take();
        if (first.kind() != Token.Kind.OPEN) {
            return atom(first, key);
        }
        ParserStack stack = new ParserStack();
        Deque<OpenList> lists = new ArrayDeque<>();
        lists.push(new OpenList(first, stack));
        while (true) {
            OpenList list = lists.peek();
            while (peek().kind() == Token.Kind.NEWLINE) {
                stack.push(take(), 1); // NEWLINE, at once reduced into the line breaks before it
                stack.pop(1);
            }
            Token t = take();
            if (!list.expectsItem) {
                stack.pop(list.items.size() == 1 ? 1 : 4); // the item joins the list's items
                if (t.kind() == Token.Kind.COMMA) {
                    stack.push(t, 2); // ',' and the line breaks after it
                    list.expectsItem = true;
                    continue;
                }
                if (t.kind() != Token.Kind.CLOSE) {
                    throw new ConfigException(t.position(), "expected ',' or ']' to close the list opened at "
                            + list.open.position().lineColumn() + ", found " + t.describe());
                }
            }
            Value item;
            switch (t.kind()) {
                case OPEN -> {
                    lists.push(new OpenList(t, stack));
                    continue;
                }
                case CLOSE -> {
                    list.close(t, stack);
                    lists.pop();
                    item = new Value.ListValue(list.items, list.open.position());
                    if (lists.isEmpty()) {
                        return item;
                    }
                }
                case END -> throw new ConfigException(t.position(), "expected ']' to close the list opened at "
                        + list.open.position().lineColumn());
                default -> {
                    item = atom(t, key);
                    stack.push(t, 1);
                }
            }
            stack.push(t, 1); // the line breaks after the item
            OpenList parent = lists.peek();
            parent.items.add(item);
            parent.expectsItem = false;
        }
    }

    private static Value atom(Token t, String key) throws ConfigException {
        return switch (t.kind()) {
            case STRING -> new Value.Atom(t.text(), true, t.position());
            case NUMBER -> new Value.Atom(t.text(), false, t.position());
            default -> throw new ConfigException(t.position(), "expected a value for " + key
                    + " (a \"string\", a number or a [list]), found " + t.describe());
        };
    }

    /** A list being read: its '[', its items so far, and whether an item or a ',' or ']' comes next. */
    private static final class OpenList {
        final Token open;
        final List<Value> items = new ArrayList<>();
        /** The entries libxlu's parser stack held before this list's '['. */
        final int stackBelow;
        boolean expectsItem = true;

        OpenList(Token open, ParserStack stack) throws ConfigException {
            this.open = open;
            this.stackBelow = stack.entries;
            stack.push(open, 2); // '[' and the line breaks after it
        }

        /** At its ']': the list becomes one value on the stack. */
        void close(Token close, ParserStack stack) throws ConfigException {
            if (items.isEmpty()) {
                stack.push(close, 2); // an empty list of items, and ']'
            } else {
                stack.pop(expectsItem ? 2 : 0); // a trailing ',' and its line breaks join the items
                stack.push(close, 1);
            }
            stack.entries = stackBelow + 1;
        }
    }

    /**
     * The size libxlu 4.17's parser stack (bison's, at most 10000 entries) would have while it
     * reads a value: it holds 4 entries below the value (start, statements, key, '=') and grows
     * by 2 with each open list (measured in the xenlab: one line of 4996 nested '[' reads, 4997
     * fail at the first ']', 4998 at the last '['). Reaching the limit ends the file with
     * "memory exhausted"; jxen stops at the same token with a message saying why.
     */
    private static final class ParserStack {
        static final int LIMIT = 10_000;
        int entries = 4;

        void push(Token at, int n) throws ConfigException {
            entries += n;
            if (entries >= LIMIT) {
                throw new ConfigException(at.position(), "lists nest too deeply here: xl's parser gives up"
                        + " (\"memory exhausted\") at about 4996 nested lists; flatten the value");
            }
        }

        void pop(int n) {
            entries -= n;
        }
    }
}
