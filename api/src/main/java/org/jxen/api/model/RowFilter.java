package org.jxen.api.model;

import java.util.List;
import java.util.Locale;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/**
 * The expression of {@code get_all_where} and {@code get_all_records_where}, XAPI's database filter
 * language: {@code field "power_state"="Running" and not field "is_a_template"="true"}. Values are
 * quoted strings (no escapes) or {@code field "<column>"}; {@code =} compares texts; {@code and} and
 * {@code or} bind equally, from the left; {@code not} takes everything to its right up to a closing
 * parenthesis ({@code not a and b} is {@code not (a and b)}), as XAPI's grammar gives it the lowest
 * precedence. A malformed expression is {@code INVALID_VALUE [expr, reason]} with OCaml's words for
 * the reason, as XAPI answers.
 */
public final class RowFilter {
    /** XAPI's reason for an expression its grammar rejects. */
    static final String PARSE_ERROR = "Stdlib.Parsing.Parse_error";
    /** XAPI's reason for a character its lexer has no token for (or a string left open). */
    static final String LEXING_ERROR = "Failure(\"lexing: empty token\")";

    /** An object's columns as XAPI's database holds them ({@link DatabaseText}). */
    @FunctionalInterface
    public interface Columns {
        /** The text of {@code column}; a column the object does not have fails as XAPI fails. */
        String read(String column) throws XenApiFailure;
    }

    private sealed interface Node {
    }

    private record Constant(boolean value) implements Node {
    }

    private record Not(Node operand) implements Node {
    }

    private record Both(Node left, Node right, boolean and) implements Node {
    }

    private record Equals(Value left, Value right) implements Node {
    }

    /** A literal, or the text of a column when {@code column} is set. */
    private record Value(String column, String literal) {
        String text(Columns row) throws XenApiFailure {
            return column == null ? literal : row.read(column);
        }
    }

    private enum Kind { EQ, TRUE, FALSE, LPAREN, RPAREN, FIELD, AND, OR, NOT, STRING, END }

    private record Token(Kind kind, String text) {
    }

    private final Node root;

    private RowFilter(Node root) {
        this.root = root;
    }

    public static RowFilter parse(String expr) throws XenApiFailure {
        try {
            Parser p = new Parser(expr);
            Node root = p.sequence();
            p.expect(Kind.END);
            return new RowFilter(root);
        } catch (Rejected e) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, expr, e.reason);
        }
    }

    /** Whether the object whose columns {@code row} reads matches, evaluated as XAPI does (and/or short-circuit). */
    public boolean test(Columns row) throws XenApiFailure {
        return eval(root, row);
    }

    private static boolean eval(Node node, Columns row) throws XenApiFailure {
        return switch (node) {
            case Constant c -> c.value();
            case Not n -> !eval(n.operand(), row);
            case Both b -> b.and() ? eval(b.left(), row) && eval(b.right(), row)
                    : eval(b.left(), row) || eval(b.right(), row);
            case Equals e -> {
                // OCaml evaluates the right operand first, so its missing column is the one reported
                String right = e.right().text(row);
                yield e.left().text(row).equals(right);
            }
        };
    }

    private static final class Rejected extends Exception {
        final String reason;

        Rejected(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    /** Recursive descent over tokens read one at a time, so an error is the first one XAPI's parser meets. */
    private static final class Parser {
        private final String text;
        private int at;
        private Token next;

        Parser(String text) {
            this.text = text;
        }

        /** Operands joined by {@code and}/{@code or}, from the left. */
        Node sequence() throws Rejected {
            Node left = operand();
            while (peek().kind() == Kind.AND || peek().kind() == Kind.OR) {
                boolean and = take().kind() == Kind.AND;
                left = new Both(left, operand(), and);
            }
            return left;
        }

        private Node operand() throws Rejected {
            Token t = take();
            return switch (t.kind()) {
                case TRUE -> new Constant(true);
                case FALSE -> new Constant(false);
                case NOT -> new Not(sequence());
                case LPAREN -> {
                    Node inner = sequence();
                    expect(Kind.RPAREN);
                    yield inner;
                }
                case FIELD, STRING -> {
                    Value left = value(t);
                    expect(Kind.EQ);
                    yield new Equals(left, value(take()));
                }
                default -> throw new Rejected(PARSE_ERROR);
            };
        }

        private Value value(Token t) throws Rejected {
            if (t.kind() == Kind.STRING) {
                return new Value(null, t.text());
            }
            if (t.kind() == Kind.FIELD) {
                Token name = take();
                if (name.kind() == Kind.STRING) {
                    return new Value(name.text(), null);
                }
            }
            throw new Rejected(PARSE_ERROR);
        }

        void expect(Kind kind) throws Rejected {
            if (take().kind() != kind) {
                throw new Rejected(PARSE_ERROR);
            }
        }

        private Token peek() throws Rejected {
            if (next == null) {
                next = lex();
            }
            return next;
        }

        private Token take() throws Rejected {
            Token t = peek();
            next = null;
            return t;
        }

        /** XAPI's lexer: blanks are space, tab and newline; words match as prefixes ("trueish" is "true" then an error). */
        private Token lex() throws Rejected {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\n')) {
                at++;
            }
            if (at == text.length()) {
                return new Token(Kind.END, "");
            }
            char c = text.charAt(at);
            if (c == '"') {
                int close = text.indexOf('"', at + 1);
                if (close < 0) {
                    throw new Rejected(LEXING_ERROR);
                }
                Token t = new Token(Kind.STRING, text.substring(at + 1, close));
                at = close + 1;
                return t;
            }
            for (Kind k : WORDS) {
                String word = spelling(k);
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return new Token(k, word);
                }
            }
            throw new Rejected(LEXING_ERROR);
        }

        private static final List<Kind> WORDS = List.of(Kind.EQ, Kind.TRUE, Kind.FALSE, Kind.LPAREN, Kind.RPAREN,
                Kind.FIELD, Kind.AND, Kind.OR, Kind.NOT);

        private static String spelling(Kind k) {
            return switch (k) {
                case EQ -> "=";
                case LPAREN -> "(";
                case RPAREN -> ")";
                default -> k.name().toLowerCase(Locale.ROOT);
            };
        }
    }
}
