package org.jxen.api;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes values as XAPI does through ocaml-rpc's jsonrpc.ml and Yojson: compact, int64 and int32 as
 * numbers, datetimes as XAPI's strings, doubles by Yojson's rule ({@link FloatText#json}), strings
 * escaped as Yojson's {@code write_string} escapes them (the short escapes, other control characters
 * and DEL as lower-case {@code \\u00xx}, everything else as UTF-8). Two things Yojson never sees are
 * written so that they read back: an unpaired surrogate as {@code \\uxxxx}, base64 bytes as a string.
 */
final class JsonWriter {
    private static final boolean[] ESCAPED = ReplyBytes.special("\"\\");

    private final ReplyBytes out;

    JsonWriter() {
        this(null);
    }

    /** A writer streaming to {@code sink} ({@link ReplyBytes}); null to keep the whole reply. */
    JsonWriter(ReplySink sink) {
        this.out = new ReplyBytes(sink);
    }

    /** JSON that is ASCII (punctuation, numbers). */
    JsonWriter raw(String json) {
        out.ascii(json);
        return this;
    }

    JsonWriter string(String text) {
        out.ascii('"');
        if (!out.plainAscii(text, ESCAPED)) { // most strings (names, references, UUIDs) need no escape, no encoding
            escaped(text);
        }
        out.ascii('"');
        return this;
    }

    private void escaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.ascii("\\\"");
                case '\\' -> out.ascii("\\\\");
                case '\b' -> out.ascii("\\b");
                case '\f' -> out.ascii("\\f");
                case '\n' -> out.ascii("\\n");
                case '\r' -> out.ascii("\\r");
                case '\t' -> out.ascii("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.utf8(Character.toCodePoint(c, text.charAt(++i)));
                    } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                        out.ascii(String.format("\\u%04x", (int) c));
                    } else {
                        out.utf8(c);
                    }
                }
            }
        }
    }

    /**
     * One value. A NaN or an infinity, which XAPI would print bare (not JSON: JSON.parse in the
     * browser and in Node rejects the whole reply), is written as the string Yojson would have
     * printed ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}): every JSON parser accepts it,
     * and JavaScript's {@code Number()}, Jackson's Double and OCaml's {@code float_of_string} (XAPI's
     * float parameters accept strings) all read it back as the number.
     */
    JsonWriter value(Object value) {
        // instanceof rather than a pattern switch: its bootstrap costs jxl's every start ~20 ms
        if (value == null) {
            out.ascii("null");
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Long l) {
            out.number(l);
        } else if (value instanceof Integer i) {
            out.number(i);
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                out.ascii(FloatText.json(d));
            } else {
                string(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            }
        } else if (value instanceof Boolean b) {
            out.ascii(b.toString());
        } else if (value instanceof Instant t) {
            string(DateTimes.format(t));
        } else if (value instanceof LocalDateTime t) {
            string(DateTimes.format(t));
        } else if (value instanceof byte[] bytes) {
            string(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof List<?> list) {
            list(list);
        } else if (value instanceof Map<?, ?> map) {
            object(map);
        } else {
            throw RpcValues.unsupported(value);
        }
        return this;
    }

    private void list(List<?> list) {
        out.ascii('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.ascii(',');
            }
            value(list.get(i));
        }
        out.ascii(']');
    }

    private void object(Map<?, ?> map) {
        if (map instanceof FrozenRecord r) {
            byte[] json = r.json();
            if (json == null) {
                JsonWriter alone = new JsonWriter();
                alone.members(map);
                json = alone.toBytes();
                r.json(json);
            }
            out.bytes(json);
        } else {
            members(map);
        }
    }

    private void members(Map<?, ?> map) {
        out.ascii('{');
        int[] members = {0};
        // forEach, not entrySet(): the store's records are unmodifiable views, whose entry
        // iterator wraps every entry (a third of a large reply's time)
        map.forEach((key, member) -> {
            if (members[0]++ > 0) {
                out.ascii(',');
            }
            string(RpcValues.key(key));
            out.ascii(':');
            value(member);
        });
        out.ascii('}');
    }

    byte[] toBytes() {
        return out.toBytes();
    }

    /** Hands the sink the rest of a streamed reply as its last chunk. */
    void finish() throws IOException {
        out.finish();
    }
}
