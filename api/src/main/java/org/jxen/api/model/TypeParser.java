package org.jxen.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a type as {@link Type#describe()} prints it (XAPI's docs' form), the inverse of describe:
 * <pre>
 *   type := atom ("set")*
 *   atom := string | int | float | bool | datetime | enum NAME | CLASS ref | CLASS record
 *         | "(" type "->" type ")" map
 * </pre>
 */
final class TypeParser {
    private final List<String> tokens;
    private final Map<String, Type.EnumType> enums;
    private int next;

    private TypeParser(String text, Map<String, Type.EnumType> enums) {
        this.tokens = tokenize(text);
        this.enums = enums;
    }

    /** The type {@code text} names, its enums looked up in {@code enums}; IllegalArgumentException if malformed. */
    static Type parse(String text, Map<String, Type.EnumType> enums) {
        TypeParser p = new TypeParser(text, enums);
        Type t = p.type();
        if (p.next != p.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.next) + "' in type '" + text + "'");
        }
        return t;
    }

    private Type type() {
        Type t = atom();
        while (peek().equals("set")) {
            next++;
            t = new Type.SetType(t);
        }
        return t;
    }

    private Type atom() {
        String word = take("a type");
        return switch (word) {
            case "string" -> new Type.StringType();
            case "int" -> new Type.IntType();
            case "float" -> new Type.FloatType();
            case "bool" -> new Type.BoolType();
            case "datetime" -> new Type.DateTimeType();
            case "enum" -> {
                String name = take("an enum name");
                Type.EnumType e = enums.get(name);
                if (e == null) {
                    throw new IllegalArgumentException("enum " + name + " is not declared (declare enums before use)");
                }
                yield e;
            }
            case "(" -> {
                Type key = type();
                expect("->");
                Type value = type();
                expect(")");
                expect("map");
                yield new Type.MapType(key, value);
            }
            default -> {
                if (!word.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("expected a type, got '" + word + "'");
                }
                String kind = take("'ref' or 'record' after " + word);
                yield switch (kind) {
                    case "ref" -> new Type.RefType(word);
                    case "record" -> new Type.RecordType(word);
                    default -> throw new IllegalArgumentException("expected 'ref' or 'record' after " + word + ", got '" + kind + "'");
                };
            }
        };
    }

    private String peek() {
        return next < tokens.size() ? tokens.get(next) : "";
    }

    private String take(String what) {
        if (next == tokens.size()) {
            throw new IllegalArgumentException("expected " + what + " at the end of the type");
        }
        return tokens.get(next++);
    }

    private void expect(String token) {
        String got = take("'" + token + "'");
        if (!got.equals(token)) {
            throw new IllegalArgumentException("expected '" + token + "', got '" + got + "'");
        }
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.replace("(", " ( ").replace(")", " ) ").replace("->", " -> ").trim().split("\\s+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}
