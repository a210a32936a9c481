package org.jxen.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes values as XAPI does (ocaml-rpc's xmlrpc.ml {@code add_value}, non-strict mode): strings and
 * int64 untagged, {@code <i4>} only for Integer, {@code %.16g} doubles, no whitespace anywhere.
 *
 * <p>Two deliberate differences, both for text XAPI would mangle: struct member names are escaped
 * like any text (XAPI writes them raw, so a key holding {@code <} or {@code &} breaks its XML), and a
 * carriage return is written {@code &#13;} (XAPI writes it raw and every XML parser reads it back as
 * a line feed). As XAPI does, characters XML 1.0 cannot carry (other control characters, and here
 * also unpaired surrogates, U+FFFE, U+FFFF) are left out.
 */
final class XmlRpcWriter {
    /** The prolog XAPI writes, with no encoding (UTF-8) and no line break after it. */
    static final String PROLOG = "<?xml version=\"1.0\"?>";
    private static final boolean[] ESCAPED = ReplyBytes.special("&<>\"");

    private final ReplyBytes out;

    XmlRpcWriter() {
        this(null);
    }

    /** A writer streaming to {@code sink} ({@link ReplyBytes}); null to keep the whole message. */
    XmlRpcWriter(ReplySink sink) {
        this.out = new ReplyBytes(sink);
    }

    XmlRpcWriter raw(String markup) {
        out.ascii(markup);
        return this;
    }

    XmlRpcWriter text(String text) {
        if (out.plainAscii(text, ESCAPED)) { // most text (names, references, UUIDs, numbers) needs no escape
            return this;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.ascii("&amp;");
                case '<' -> out.ascii("&lt;");
                case '>' -> out.ascii("&gt;");
                case '"' -> out.ascii("&quot;");
                case '\r' -> out.ascii("&#13;");
                case '\t', '\n' -> out.ascii(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.utf8(Character.toCodePoint(c, text.charAt(++i)));
                    } else if (c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF) {
                        out.utf8(c);
                    }
                }
            }
        }
        return this;
    }

    /** One {@code <value>...</value>}. */
    XmlRpcWriter value(Object value) {
        switch (value) {
            case null -> raw("<value><nil/></value>");
            case String s -> raw("<value>").text(s).raw("</value>");
            case Long l -> {
                raw("<value>");
                out.number(l);
                raw("</value>");
            }
            case Integer i -> {
                raw("<value><i4>");
                out.number(i);
                raw("</i4></value>");
            }
            case Double d -> raw("<value><double>").raw(FloatText.xmlRpc(d)).raw("</double></value>");
            case Boolean b -> raw(b ? "<value><boolean>1</boolean></value>" : "<value><boolean>0</boolean></value>");
            case Instant t -> raw("<value><dateTime.iso8601>").raw(DateTimes.format(t)).raw("</dateTime.iso8601></value>");
            case LocalDateTime t -> raw("<value><dateTime.iso8601>").raw(DateTimes.format(t))
                    .raw("</dateTime.iso8601></value>");
            case byte[] bytes -> raw("<value><base64>").raw(Base64.getEncoder().encodeToString(bytes)).raw("</base64></value>");
            case List<?> list -> {
                raw("<value><array><data>");
                list.forEach(this::value);
                raw("</data></array></value>");
            }
            case Map<?, ?> map -> {
                raw("<value><struct>");
                map.forEach((k, v) -> raw("<member><name>").text(RpcValues.key(k)).raw("</name>").value(v).raw("</member>"));
                raw("</struct></value>");
            }
            default -> throw RpcValues.unsupported(value);
        }
        return this;
    }

    @Override
    public String toString() {
        return new String(out.toBytes(), StandardCharsets.UTF_8);
    }

    byte[] toBytes() {
        return out.toBytes();
    }

    /** Hands the sink the rest of a streamed message as its last chunk. */
    void finish() throws IOException {
        out.finish();
    }
}
