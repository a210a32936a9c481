package org.jxen.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON-RPC 1.0 and 2.0 as XAPI speaks it at {@code /jsonrpc} (ocaml-rpc's jsonrpc.ml): version
 * from the {@code jsonrpc} member, the id echoed, XenAPI failures as
 * {@code error: [code, params...]} (1.0) or {@code {code: 1, message: code, data: params}} (2.0).
 * Members are written in ocaml-rpc's order, compact, as Yojson prints them ({@link JsonWriter}).
 */
public final class JsonRpc {
    /** XAPI's {@code error_code_lit}: always 1, "because some clients treat 0 as no error" (api_server_common.ml). */
    private static final long ERROR_CODE = 1;
    /** XAPI does not translate this method's failures into 2.0 error objects (api_server.ml {@code callback1}). */
    private static final String LIST_METHODS = "system.listMethods";

    private JsonRpc() {
    }

    /** A decoded request: its version (1 or 2), its id (Long or String), the call. */
    public record Request(int version, Object id, RpcCall call) {
        public Request {
            if (version != 1 && version != 2) {
                throw new IllegalArgumentException("JSON-RPC version " + version + ": expected 1 or 2");
            }
            if (!(id instanceof Long || id instanceof String)) {
                throw new IllegalArgumentException("JSON-RPC id " + id + ": expected a Long or a String");
            }
        }
    }

    /**
     * Server side: decodes a request body. As XAPI: 1.0 when there is no {@code jsonrpc} member (its
     * {@code params} an array), 2.0 when it is {@code "2.0"} ({@code params} an array, an object
     * taken as the one parameter, or absent); the id an integer or a string (a notification, without
     * id, is refused).
     */
    public static Request readRequest(byte[] body) throws RpcParseException {
        String what = "JSON-RPC request";
        if (!(JsonReader.read(body, what) instanceof Map<?, ?> request)) {
            throw new RpcParseException(what + ": expected an object like {\"jsonrpc\":\"2.0\",\"method\":...,"
                    + "\"params\":[...],\"id\":1}");
        }
        if (!(request.get("method") instanceof String method)) {
            throw invalid("method", request, "a string");
        }
        Object version = request.get("jsonrpc");
        if (version != null && !"2.0".equals(version)) {
            throw invalid("jsonrpc", request, "\"2.0\" or no such member (1.0)");
        }
        List<Object> params = params(version == null, request);
        Object id = request.get("id");
        if (!(id instanceof Long || id instanceof String)) {
            throw invalid("id", request, "an integer or a string (XAPI answers no notifications)");
        }
        return new Request(version == null ? 1 : 2, id, new RpcCall(method, params));
    }

    private static List<Object> params(boolean v1, Map<?, ?> request) throws RpcParseException {
        Object params = request.get("params");
        if (params instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (!v1 && params == null) {
            return List.of();
        }
        if (!v1 && params instanceof Map<?, ?>) {
            return List.of(params);
        }
        throw invalid("params", request, v1 ? "an array (JSON-RPC 1.0)" : "an array, an object or no such member");
    }

    private static RpcParseException invalid(String member, Map<?, ?> request, String expected) {
        String found = request.containsKey(member) ? describe(request.get(member)) : "no such member";
        return new RpcParseException("JSON-RPC request: member \"" + member + "\" must be " + expected
                + ", found " + found);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + s + "\"";
            default -> value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
        };
    }

    /** Server side: {@code value} as the result; a void result is {@code ""}, as XAPI sends it. */
    public static byte[] writeSuccess(Request request, Object value) {
        return success(new JsonWriter(), request, value).toBytes();
    }

    /**
     * The same reply streamed to {@code sink} in chunks of about {@value ReplyBytes#CHUNK} bytes, so
     * a reply of megabytes is never held whole. A value that cannot be encoded throws before
     * anything reached the sink when it comes in the first chunk's worth of the reply.
     */
    public static void writeSuccess(Request request, Object value, ReplySink sink) throws IOException {
        try {
            success(new JsonWriter(sink), request, value).finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static JsonWriter success(JsonWriter out, Request request, Object value) {
        if (request.version() == 1) {
            out.raw("{\"result\":").value(value).raw(",\"error\":null");
        } else {
            out.raw("{\"jsonrpc\":\"2.0\",\"result\":").value(value);
        }
        return out.raw(",\"id\":").value(request.id()).raw("}");
    }

    public static byte[] writeFailure(Request request, XenApiFailure failure) {
        JsonWriter out = new JsonWriter();
        if (request.version() == 1) {
            out.raw("{\"result\":null,\"error\":").value(failure.description());
        } else if (request.call().method().equals(LIST_METHODS)) {
            out.raw("{\"jsonrpc\":\"2.0\",\"error\":").value(failure.description());
        } else {
            out.raw("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + ERROR_CODE + ",\"message\":").string(failure.code())
                    .raw(",\"data\":").value(failure.params()).raw("}");
        }
        return out.raw(",\"id\":").value(request.id()).raw("}").toBytes();
    }

    /** Client side: a 2.0 request, members in ocaml-rpc's order (jsonrpc, method, params, id). */
    public static byte[] writeRequest(long id, String method, List<Object> params) {
        return new JsonWriter().raw("{\"jsonrpc\":\"2.0\",\"method\":").string(method).raw(",\"params\":")
                .value(params).raw(",\"id\":").value(id).raw("}").toBytes();
    }

    /**
     * Client side: the result of a reply, or its failure thrown. Reads both versions as ocaml-rpc's
     * {@code get_response} does: 1.0 {@code result} and {@code error}, one of them null, the error
     * {@code [code, params...]}; 2.0 exactly one of {@code result} and {@code error}, the error
     * {@code {code, message: xenapi code, data: [params...]}} or, for {@code system.listMethods}, the
     * 1.0 array. Any other server's 2.0 error becomes a failure whose code is its message.
     */
    public static Object readResponse(byte[] body) throws RpcParseException, XenApiFailure {
        String what = "JSON-RPC reply";
        if (!(JsonReader.read(body, what) instanceof Map<?, ?> reply)) {
            throw new RpcParseException(what + ": expected an object with result or error, and id");
        }
        Object id = reply.get("id");
        if (!(id instanceof Long || id instanceof String)) {
            throw new RpcParseException(what + ": member \"id\" must be an integer or a string, found "
                    + (reply.containsKey("id") ? describe(id) : "no such member"));
        }
        if (!reply.containsKey("jsonrpc")) {
            if (!reply.containsKey("result") || !reply.containsKey("error")) {
                throw new RpcParseException(what + ": a JSON-RPC 1.0 reply has both result and error (one"
                        + " null), found members " + reply.keySet());
            }
            Object error = reply.get("error");
            if (error == null) {
                return reply.get("result");
            }
            if (reply.get("result") != null) {
                throw new RpcParseException(what + ": both result and error are set");
            }
            throw failure(error, what);
        }
        if (!"2.0".equals(reply.get("jsonrpc"))) {
            throw new RpcParseException(what + ": member \"jsonrpc\" must be \"2.0\", found "
                    + describe(reply.get("jsonrpc")));
        }
        if (reply.containsKey("result") == reply.containsKey("error")) {
            throw new RpcParseException(what + ": a JSON-RPC 2.0 reply has exactly one of result and error,"
                    + " found members " + reply.keySet());
        }
        if (reply.containsKey("result")) {
            return reply.get("result");
        }
        throw failure(reply.get("error"), what);
    }

    private static XenApiFailure failure(Object error, String what) throws RpcParseException {
        if (error instanceof List<?> description) {
            return XenApiFailure.fromWire(description);
        }
        if (error instanceof Map<?, ?> object && object.get("message") instanceof String code) {
            Object data = object.get("data");
            if (data == null || data instanceof List<?>) {
                List<Object> description = new ArrayList<>();
                description.add(code);
                if (data != null) {
                    description.addAll((List<?>) data);
                }
                return XenApiFailure.fromWire(description);
            }
        }
        throw new RpcParseException(what + ": error must be [code, params...] or {\"code\":1,\"message\":code,"
                + "\"data\":[params...]}, found " + describe(error));
    }
}
