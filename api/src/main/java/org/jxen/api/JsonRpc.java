package org.jxen.api;

import java.util.List;

/**
 * JSON-RPC 1.0 and 2.0 as XAPI speaks it at {@code /jsonrpc} (ocaml-rpc's jsonrpc.ml): version
 * from the {@code jsonrpc} member, the id echoed, XenAPI failures as
 * {@code error: [code, params...]} (1.0) or {@code {code: 1, message: code, data: params}} (2.0).
 */
public final class JsonRpc {
    private JsonRpc() {
    }

    /** A decoded request: its version (1 or 2), its id (Long or String), the call. */
    public record Request(int version, Object id, RpcCall call) {
    }

    /** Server side: decodes a request body. */
    public static Request readRequest(byte[] body) throws RpcParseException {
        throw new UnsupportedOperationException("TODO helper A");
    }

    public static byte[] writeSuccess(Request request, Object value) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    public static byte[] writeFailure(Request request, XenApiFailure failure) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Client side: a 2.0 request. */
    public static byte[] writeRequest(long id, String method, List<Object> params) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Client side: the result of a reply, or its failure thrown. */
    public static Object readResponse(byte[] body) throws RpcParseException, XenApiFailure {
        throw new UnsupportedOperationException("TODO helper A");
    }
}
