package org.jxen.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XML-RPC as XAPI speaks it (xen-api's ocaml-rpc): the Status/Value envelope, int64 as untagged
 * strings, {@code <dateTime.iso8601>} in XAPI's form. Values are as in {@link RpcCall}, plus
 * byte[] for {@code <base64>}.
 *
 * <p>What is written matches XAPI byte for byte (ocaml-rpc's xmlrpc.ml {@code string_of_call},
 * {@code add_response}; xen-api's api_server.ml for {@link #writeBare}) except for the two cases
 * {@link XmlRpcWriter} names. A void result is the empty string, as XAPI sends it: pass {@code ""};
 * null is {@code <nil/>}, which XAPI never sends in a XenAPI reply. What is read is every form
 * clients send ({@link XmlRpcReader}).
 */
public final class XmlRpc {
    /** The failure code of an XML-RPC {@code <fault>} reply, as ocaml-rpc reports one: [faultCode, faultString]. */
    public static final String FAULT = "fault";

    private static final String RESPONSE_START = "<methodResponse><params><param>";
    private static final String RESPONSE_END = "</param></params></methodResponse>";

    private XmlRpc() {
    }

    /** Server side: decodes a {@code <methodCall>}. */
    public static RpcCall readCall(byte[] body) throws RpcParseException {
        return XmlRpcReader.readCall(body);
    }

    /** Server side: {@code Status=Success, Value=value}. */
    public static byte[] writeSuccess(Object value) {
        return writeBare(envelope("Success", "Value", value));
    }

    /**
     * The same reply streamed to {@code sink} in chunks of about {@value ReplyBytes#CHUNK} bytes, so
     * a reply of megabytes is never held whole. A value that cannot be encoded throws before
     * anything reached the sink when it comes in the first chunk's worth of the reply.
     */
    public static void writeSuccess(Object value, ReplySink sink) throws IOException {
        try {
            bare(new XmlRpcWriter(sink), envelope("Success", "Value", value)).finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Server side: {@code Status=Failure, ErrorDescription=[code, params...]}. */
    public static byte[] writeFailure(XenApiFailure failure) {
        return writeBare(envelope("Failure", "ErrorDescription", failure.description()));
    }

    /** Server side: the value alone in the {@code <param>}, as XAPI answers {@code system.listMethods}. */
    public static byte[] writeBare(Object value) {
        return bare(new XmlRpcWriter(), value).toBytes();
    }

    private static XmlRpcWriter bare(XmlRpcWriter out, Object value) {
        return out.raw(XmlRpcWriter.PROLOG).raw(RESPONSE_START).value(value).raw(RESPONSE_END);
    }

    /** One value as XAPI encodes it ({@code <value>...</value>}): what {@code task.result} holds. */
    public static String valueToString(Object value) {
        return new XmlRpcWriter().value(value).toString();
    }

    /** Client side: a {@code <methodCall>}. */
    public static byte[] writeCall(String method, List<Object> params) {
        XmlRpcWriter out = new XmlRpcWriter().raw(XmlRpcWriter.PROLOG).raw("<methodCall><methodName>").text(method)
                .raw("</methodName><params>");
        params.forEach(p -> out.raw("<param>").value(p).raw("</param>"));
        return out.raw("</params></methodCall>").toBytes();
    }

    /** A document that is one XML-RPC {@code <value>}, as XAPI writes an XVA's {@code ova.xml}; {@code what} names it in errors. */
    public static Object readValue(byte[] body, String what) throws RpcParseException {
        return XmlRpcReader.readValue(body, what);
    }

    /**
     * Client side: the Value of a reply, or its failure thrown; anything else (a bare value, a struct
     * without Status=Success/Value or Status=Failure/ErrorDescription) is returned as is, as
     * ocaml-rpc's {@code response_of_success} does. A {@code <fault>} is thrown as {@link #FAULT}.
     */
    public static Object readResponse(byte[] body) throws RpcParseException, XenApiFailure {
        Object reply = XmlRpcReader.readResponse(body);
        if (reply instanceof XmlRpcReader.Fault(Map<String, Object> detail)) {
            throw new XenApiFailure(FAULT,
                    List.of(String.valueOf(detail.get("faultCode")), String.valueOf(detail.get("faultString"))));
        }
        if (reply instanceof Map<?, ?> struct) {
            Object status = struct.get("Status");
            if ("Success".equals(status) && struct.containsKey("Value")) {
                return struct.get("Value");
            }
            if ("Failure".equals(status) && struct.get("ErrorDescription") instanceof List<?> description) {
                throw XenApiFailure.fromWire(description);
            }
        }
        return reply;
    }

    private static Map<String, Object> envelope(String status, String name, Object value) {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("Status", status);
        struct.put(name, value);
        return struct;
    }
}
