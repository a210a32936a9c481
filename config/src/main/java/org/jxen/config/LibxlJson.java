package org.jxen.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * libxl's JSON text, laid out byte for byte as libxl prints it (yajl's "beautify" mode, as in
 * {@code xl -N create}): four-space indents, {@code "key": value}, an empty object or array as
 * an opening bracket, a blank line and the closing bracket, control characters as {@code \b \f
 * \n \r \t} or {@code \\u00XX} (upper-case hex), {@code /} and non-ASCII left as they are.
 */
public final class LibxlJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LibxlJson() {
    }

    /** The text of {@code root}, ending in a newline as xl prints it. */
    public static String write(JsonNode root) {
        StringBuilder out = new StringBuilder();
        value(out, root, 0);
        return out.append('\n').toString();
    }

    /** Reads libxl JSON into a tree that keeps the order of keys. */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    private static void value(StringBuilder out, JsonNode v, int depth) {
        if (v.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
            open(out, fields.hasNext());
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                indent(out, depth + 1);
                string(out, f.getKey());
                out.append(": ");
                value(out, f.getValue(), depth + 1);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (v.isArray()) {
            out.append('[');
            open(out, !v.isEmpty());
            for (int i = 0; i < v.size(); i++) {
                indent(out, depth + 1);
                value(out, v.get(i), depth + 1);
                out.append(i + 1 < v.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else if (v.isTextual()) {
            string(out, v.textValue());
        } else if (v.isIntegralNumber() || v.isBoolean() || v.isNull()) {
            out.append(v.asText());
        } else {
            throw new IllegalArgumentException("libxl JSON has no " + v.getNodeType() + " values: " + v);
        }
    }

    /** yajl starts every container's contents on a new line; an empty one gets a blank line. */
    private static void open(StringBuilder out, boolean hasContent) {
        out.append(hasContent ? "\n" : "\n\n");
    }

    private static void indent(StringBuilder out, int depth) {
        out.repeat("    ", depth);
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
