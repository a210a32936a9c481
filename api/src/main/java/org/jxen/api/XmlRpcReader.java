package org.jxen.api;

import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;

/**
 * Reads an XML-RPC call or reply in every form clients send, as XAPI's ocaml-rpc parser does: an
 * untagged {@code <value>} is a String, {@code <int>}, {@code <i4>} and {@code <i8>} are Longs,
 * {@code <base64>} is a byte[] (XenAPI has no binary type, so a server reports it as a type error
 * for the parameter), whitespace between elements is ignored, names are matched without their
 * namespace prefix ({@code <ex:nil/>} of Apache XML-RPC's extensions is {@code <nil/>}).
 *
 * <p>Stricter than XAPI where XAPI would go wrong: values nested at most {@link #MAX_DEPTH} deep,
 * a struct member named twice refused (XAPI keeps both and uses the first). The document itself is
 * walked by {@link XmlCursor}, hardened against DOCTYPEs and entities.
 */
final class XmlRpcReader {
    /** How deep values may nest; XAPI's own values (records of maps of sets) nest a few levels. */
    static final int MAX_DEPTH = 100;
    /** The parser's own element limit, above what {@link #MAX_DEPTH} values need (3 elements a level). */
    private static final int MAX_ELEMENT_DEPTH = 4 * MAX_DEPTH + 10;
    private static final XMLInputFactory PARSER = XmlCursor.factory(MAX_ELEMENT_DEPTH);
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** A {@code <fault>} reply: its value. XAPI never sends one. */
    record Fault(Map<String, Object> detail) {
    }

    private final XmlCursor in;
    private int depth;

    private XmlRpcReader(byte[] body, String what) throws RpcParseException {
        this.in = new XmlCursor(body, what, PARSER);
    }

    /** A {@code <methodCall>}; {@code <params>} may be empty or missing. */
    static RpcCall readCall(byte[] body) throws RpcParseException {
        return new XmlRpcReader(body, "XML-RPC call").call();
    }

    /** The value in a {@code <methodResponse>}'s one {@code <param>}, or a {@link Fault}. */
    static Object readResponse(byte[] body) throws RpcParseException {
        return new XmlRpcReader(body, "XML-RPC reply").response();
    }

    /** A document that is one {@code <value>} (an XVA's {@code ova.xml}). */
    static Object readValue(byte[] body, String what) throws RpcParseException {
        XmlRpcReader reader = new XmlRpcReader(body, what);
        reader.in.expectStart("value");
        Object value = reader.value();
        reader.in.expectEndOfDocument();
        return value;
    }

    private RpcCall call() throws RpcParseException {
        in.expectStart("methodCall");
        in.expectStart("methodName");
        String method = in.text("methodName");
        List<Object> params = new ArrayList<>();
        int event = in.nextTag();
        if (event != END_ELEMENT) {
            in.require(event, "params", "<params> or </methodCall>");
            while ((event = in.nextTag()) == START_ELEMENT) {
                in.require(event, "param", "<param> or </params>");
                in.expectStart("value");
                params.add(value());
                in.expectEnd("param");
            }
            in.expectEnd("methodCall");
        }
        in.expectEndOfDocument();
        return new RpcCall(method, params);
    }

    private Object response() throws RpcParseException {
        in.expectStart("methodResponse");
        int event = in.nextTag();
        Object result;
        if (in.isStart(event, "fault")) {
            in.expectStart("value");
            if (!(value() instanceof Map<?, ?> detail)) {
                throw in.error("a <fault> holds a <struct>");
            }
            result = new Fault(cast(detail));
            in.expectEnd("fault");
        } else {
            in.require(event, "params", "<params> or <fault>");
            in.expectStart("param");
            in.expectStart("value");
            result = value();
            in.expectEnd("param");
            in.expectEnd("params");
        }
        in.expectEnd("methodResponse");
        in.expectEndOfDocument();
        return result;
    }

    /** A {@code <value>}, the cursor on its start tag; returns with the cursor on its end tag. */
    private Object value() throws RpcParseException {
        if (++depth > MAX_DEPTH) {
            throw in.error("values nested deeper than " + MAX_DEPTH + " levels");
        }
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = in.advance();
            if (XmlCursor.isText(event)) {
                text.append(in.eventText());
            } else if (event == START_ELEMENT) {
                if (!text.toString().isBlank()) {
                    throw in.error("a <value> holds text or one typed element, not both: found "
                            + XmlCursor.quote(text.toString()) + " then <" + in.name() + ">");
                }
                Object typed = typed(in.name());
                in.expectEnd("value");
                depth--;
                return typed;
            } else if (event == END_ELEMENT) {
                depth--;
                return text.toString();
            }
        }
    }

    /** The typed element in a {@code <value>}, the cursor on its start tag; returns on its end tag. */
    private Object typed(String tag) throws RpcParseException {
        return switch (tag) {
            case "string" -> in.text(tag);
            case "int", "i4", "i8" -> integer(tag, in.text(tag));
            case "boolean" -> bool(in.text(tag));
            case "double" -> real(in.text(tag));
            case "dateTime.iso8601" -> dateTime(in.text(tag));
            case "base64" -> base64(in.text(tag));
            case "nil" -> {
                in.expectEnd("nil");
                yield null;
            }
            case "array" -> array();
            case "struct" -> struct();
            default -> throw in.error("unknown value type <" + tag + ">: expected string, int, i4, i8, boolean,"
                    + " double, dateTime.iso8601, base64, nil, array or struct");
        };
    }

    private List<Object> array() throws RpcParseException {
        List<Object> items = new ArrayList<>();
        int event = in.nextTag();
        if (event == END_ELEMENT) {
            return items;
        }
        in.require(event, "data", "<data> or </array>");
        while ((event = in.nextTag()) == START_ELEMENT) {
            in.require(event, "value", "<value> or </data>");
            items.add(value());
        }
        in.expectEnd("array");
        return items;
    }

    private Map<String, Object> struct() throws RpcParseException {
        Map<String, Object> members = new LinkedHashMap<>();
        int event;
        while ((event = in.nextTag()) == START_ELEMENT) {
            in.require(event, "member", "<member> or </struct>");
            in.expectStart("name");
            String name = in.text("name");
            if (members.containsKey(name)) {
                throw in.error("member " + XmlCursor.quote(name) + " appears twice in one <struct>");
            }
            in.expectStart("value");
            members.put(name, value());
            in.expectEnd("member");
        }
        return members;
    }

    private Long integer(String tag, String text) throws RpcParseException {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw in.error("<" + tag + "> holds " + XmlCursor.quote(text) + ", not a 64-bit integer");
        }
    }

    private Boolean bool(String text) throws RpcParseException {
        return switch (text.strip()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw in.error("<boolean> holds " + XmlCursor.quote(text) + ", expected 1 or 0");
        };
    }

    /** A decimal, or NaN and the infinities as C, OCaml, Python and Java spell them. */
    private Double real(String text) throws RpcParseException {
        String t = text.strip();
        if (DECIMAL.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        String unsigned = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        return switch (unsigned.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> throw in.error("<double> holds " + XmlCursor.quote(text) + ", not a number");
        };
    }

    private Instant dateTime(String text) throws RpcParseException {
        try {
            return DateTimes.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw in.error("<dateTime.iso8601> holds " + XmlCursor.quote(text) + ", expected a date like 20240131T12:34:56Z");
        }
    }

    private byte[] base64(String text) throws RpcParseException {
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw in.error("<base64> does not hold base64: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> struct) {
        return (Map<String, Object>) struct;
    }
}
