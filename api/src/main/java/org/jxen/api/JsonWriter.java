package org.jxen.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
    /**
     * How much a streamed reply holds before it hands a chunk on. Nothing reaches the sink before
     * this much is written, so a reply that fails to encode early has sent nothing yet.
     */
    static final int CHUNK = 64 * 1024;

    /** The reply as UTF-8, written straight into bytes: a reply of every VM's record is megabytes. */
    private byte[] out = new byte[256];
    private int size;
    /** Where chunks go; null to keep the whole reply ({@link #toBytes}). */
    private final ReplySink sink;

    JsonWriter() {
        this(null);
    }

    JsonWriter(ReplySink sink) {
        this.sink = sink;
    }

    /** JSON that is ASCII (punctuation, numbers). */
    JsonWriter raw(String json) {
        ensure(json.length());
        for (int i = 0; i < json.length(); i++) {
            out[size++] = (byte) json.charAt(i);
        }
        return this;
    }

    private JsonWriter raw(char ascii) {
        ensure(1);
        out[size++] = (byte) ascii;
        return this;
    }

    /** A whole number's decimal digits, written in place. */
    private JsonWriter number(long n) {
        if (n == Long.MIN_VALUE) {
            return raw(Long.toString(n));
        }
        ensure(20);
        if (n < 0) {
            out[size++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long rest = n; rest >= 10; rest /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
        return this;
    }

    private void ensure(int more) {
        if (sink != null && size > 0 && size + more > CHUNK) {
            try {
                sink.write(out, size, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // through value()'s recursion; finish() unwraps it
            }
            size = 0;
        }
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }

    JsonWriter string(String text) {
        raw('"');
        if (copiedPlain(text)) { // most strings (names, references, UUIDs) are printable ASCII: no escape, no encoding
            return raw('"');
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        escaped.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        byte[] utf8 = escaped.toString().getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 1);
        System.arraycopy(utf8, 0, out, size, utf8.length);
        size += utf8.length;
        return raw('"');
    }

    /**
     * Copies {@code text} as it is if it is printable ASCII with nothing to escape, in one pass;
     * otherwise writes nothing and returns false.
     */
    private boolean copiedPlain(String text) {
        ensure(text.length());
        int at = size;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F) {
                return false;
            }
            out[at++] = (byte) c;
        }
        size = at;
        return true;
    }

    /**
     * One value. A NaN or an infinity, which XAPI would print bare (not JSON: JSON.parse in the
     * browser and in Node rejects the whole reply), is written as the string Yojson would have
     * printed ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}): every JSON parser accepts it,
     * and JavaScript's {@code Number()}, Jackson's Double and OCaml's {@code float_of_string} (XAPI's
     * float parameters accept strings) all read it back as the number.
     */
    JsonWriter value(Object value) {
        switch (value) {
            case null -> raw("null");
            case String s -> string(s);
            case Long l -> number(l);
            case Integer i -> number(i);
            case Double d -> {
                if (Double.isFinite(d)) {
                    raw(FloatText.json(d));
                } else {
                    string(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }
            }
            case Boolean b -> raw(b.toString());
            case Instant t -> string(DateTimes.format(t));
            case byte[] bytes -> string(Base64.getEncoder().encodeToString(bytes));
            case List<?> list -> {
                raw('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        raw(',');
                    }
                    value(list.get(i));
                }
                raw(']');
            }
            case Map<?, ?> map -> {
                raw('{');
                int[] members = {0};
                // forEach, not entrySet(): the store's records are unmodifiable views, whose entry
                // iterator wraps every entry (a third of a large reply's time)
                map.forEach((key, member) -> {
                    if (members[0]++ > 0) {
                        raw(',');
                    }
                    string(RpcValues.key(key)).raw(':').value(member);
                });
                raw('}');
            }
            default -> throw RpcValues.unsupported(value);
        }
        return this;
    }

    byte[] toBytes() {
        return Arrays.copyOf(out, size);
    }

    /** Hands the sink the rest of a streamed reply as its last chunk. */
    void finish() throws IOException {
        sink.write(out, size, true);
    }
}
