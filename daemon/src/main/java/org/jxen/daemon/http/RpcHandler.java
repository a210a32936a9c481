package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jxen.api.ErrorCodes;
import org.jxen.api.JsonRpc;
import org.jxen.api.RpcCall;
import org.jxen.api.RpcParseException;
import org.jxen.api.XenApiFailure;
import org.jxen.api.XmlRpc;
import org.jxen.daemon.rpc.Dispatcher;
import org.jxen.daemon.rpc.Origin;

/**
 * XAPI's RPC endpoints: JSON-RPC on {@code POST /jsonrpc}, XML-RPC on every other POST path
 * (XAPI's longest-prefix routing sends {@code /}, {@code /RPC2}, {@code /xmlrpc} all to its
 * XML-RPC handler), CORS preflight on OPTIONS. Replies carry XAPI's exact content types, which
 * npm {@code xen-api} compares byte for byte. Bodies over XAPI's 300 KiB limit are refused.
 */
public final class RpcHandler extends Handler.Abstract {
    /** XAPI's limit on an RPC body (xapi_globs http_limit_max_rpc_size). */
    static final int MAX_BODY = 300 * 1024;
    private static final Logger LOG = Logger.getLogger(RpcHandler.class.getName());

    private final Dispatcher dispatcher;

    public RpcHandler(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            preflight(request, response, callback);
            return true;
        }
        if (!method.equals("POST")) {
            return false;
        }
        long length = request.getLength();
        if (length > MAX_BODY) {
            Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "an RPC body may be at most " + MAX_BODY + " bytes, this one has " + length);
            return true;
        }
        byte[] body;
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "an RPC body may be at most " + MAX_BODY + " bytes");
            return true;
        }
        Origin origin = HttpAuth.origin(request);
        boolean json = Request.getPathInContext(request).equals("/jsonrpc");
        byte[] reply;
        try {
            reply = json ? json(body, origin) : xml(body, origin);
        } catch (RpcParseException e) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                    (json ? "not a JSON-RPC request: " : "not an XML-RPC call: ") + e.getMessage());
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, json ? "application/json" : "text/xml");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "X-Requested-With");
        response.write(true, ByteBuffer.wrap(reply), callback);
        return true;
    }

    private byte[] xml(byte[] body, Origin origin) throws RpcParseException, InterruptedException {
        RpcCall call = XmlRpc.readCall(body);
        try {
            Object result = voidAsEmpty(dispatcher.dispatch(call, origin));
            return call.method().equals(Dispatcher.LIST_METHODS) ? XmlRpc.writeBare(result) : XmlRpc.writeSuccess(result);
        } catch (XenApiFailure f) {
            return XmlRpc.writeFailure(f);
        } catch (RuntimeException e) {
            return XmlRpc.writeFailure(internal(call, e));
        }
    }

    private byte[] json(byte[] body, Origin origin) throws RpcParseException, InterruptedException {
        JsonRpc.Request request = JsonRpc.readRequest(body);
        try {
            return JsonRpc.writeSuccess(request, voidAsEmpty(dispatcher.dispatch(request.call(), origin)));
        } catch (XenApiFailure f) {
            return JsonRpc.writeFailure(request, f);
        } catch (RuntimeException e) {
            return JsonRpc.writeFailure(request, internal(request.call(), e));
        }
    }

    /** XAPI answers a void call with the empty string (gen_server.ml), in both protocols. */
    private static Object voidAsEmpty(Object result) {
        return result == null ? "" : result;
    }

    /** A bug in jxend: logged with its stack, the caller gets INTERNAL_ERROR and the daemon goes on. */
    private static XenApiFailure internal(RpcCall call, RuntimeException e) {
        LOG.log(Level.SEVERE, call.method() + " failed unexpectedly", e);
        return XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, String.valueOf(e));
    }

    /** XAPI's answer to a CORS preflight (http_svr.ml respond_to_options). */
    private static void preflight(Request request, Response response, Callback callback) throws IOException {
        String asked = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                asked == null ? "X-Requested-With" : asked + ", X-Requested-With");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "PUT");
        response.write(true, ByteBuffer.wrap("".getBytes(StandardCharsets.US_ASCII)), callback);
    }
}
