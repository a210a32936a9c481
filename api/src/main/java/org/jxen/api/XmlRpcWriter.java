package org.jxen.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

    private final StringBuilder out = new StringBuilder(256);

    XmlRpcWriter raw(String markup) {
        out.append(markup);
        return this;
    }

    XmlRpcWriter text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                case '\t', '\n' -> out.append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF) {
                        out.append(c);
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
            case Long l -> raw("<value>").raw(l.toString()).raw("</value>");
            case Integer i -> raw("<value><i4>").raw(i.toString()).raw("</i4></value>");
            case Double d -> raw("<value><double>").raw(FloatText.xmlRpc(d)).raw("</double></value>");
            case Boolean b -> raw(b ? "<value><boolean>1</boolean></value>" : "<value><boolean>0</boolean></value>");
            case Instant t -> raw("<value><dateTime.iso8601>").raw(DateTimes.format(t)).raw("</dateTime.iso8601></value>");
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
        return out.toString();
    }

    byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
