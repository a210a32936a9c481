package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jxen.api.ErrorCodes;
import org.jxen.api.JsonRpc;
import org.jxen.api.RpcCall;
import org.jxen.api.ReplySink;
import org.jxen.api.RpcParseException;
import org.jxen.api.XenApiFailure;
import org.jxen.api.XmlRpc;
import org.jxen.daemon.rpc.Dispatcher;
import org.jxen.daemon.rpc.Origin;

/**
 * XAPI's RPC endpoints: JSON-RPC on {@code POST /jsonrpc}, XML-RPC on every other POST path
 * (XAPI's longest-prefix routing sends {@code /}, {@code /RPC2}, {@code /xmlrpc} all to its
 * XML-RPC handler), CORS preflight on OPTIONS. Replies carry XAPI's exact content types, which
 * npm {@code xen-api} compares byte for byte. Bodies over XAPI's 300 KiB limit are refused. Each
 * client address runs at most half the CPUs' worth of calls at once ({@link ClientShares}).
 *
 * <p>A call whose body came with its head, which does not wait and whose client has a turn free, is
 * answered on the Jetty thread that read it: handing each call to another thread cost a third of
 * the calls a connection makes a second. Calls that wait ({@code event.from} and {@code event.next}, a login, the power
 * and device operations), calls waiting for their client's turn, and bodies still on their way
 * move to virtual threads of their own, so no Jetty thread waits.
 */
public final class RpcHandler extends Handler.Abstract {
    // the headers every answer has, encoded once (Jetty writes a pre-encoded field as it is)
    private static final HttpField JSON_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField XML_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/xml");
    private static final HttpField ANY_ORIGIN = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    private static final HttpField ALLOWED_HEADERS = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
            "X-Requested-With");
    /** XAPI's limit on an RPC body (xapi_globs http_limit_max_rpc_size). */
    static final int MAX_BODY = 300 * 1024;
    private static final String TOO_LARGE = "an RPC body may be at most " + MAX_BODY + " bytes";
    /** How much of a body over the limit is read and dropped so that its client sees the 413 (Tomcat's figure). */
    private static final long SWALLOW_MAX = 2L * 1024 * 1024;
    /** How long a body may take to come once its head has: as long as a connection may be idle. */
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(ApiServer.IDLE_TIMEOUT_MS);
    /** The calls that wait for events: {@code event.from}, and the deprecated {@code event.next}. */
    private static final Set<String> WAITS_FOR_EVENTS = Set.of("event.from", "event.next");
    /** Slow on purpose (a salted hash of 600,000 rounds; a failure waits a second more). */
    private static final String LOGIN = "session.login_with_password";
    private static final Logger LOG = Logger.getLogger(RpcHandler.class.getName());

    private final Dispatcher dispatcher;
    private final ClientShares shares = new ClientShares(ClientShares.HALF_THE_CPUS);
    /** The requests whose bodies are on their way. */
    private final Deadlines bodies = new Deadlines(BODY_TIMEOUT);
    private static final String ASYNC = "Async.";
    private static final Set<String> WAITS_FOR_THE_HOST = Set.of("VM.start", "VM.start_on",
            "VM.clean_shutdown", "VM.hard_shutdown", "VM.clean_reboot", "VM.hard_reboot", "VM.pause", "VM.unpause",
            "VM.suspend", "VM.resume", "VM.resume_on", "VM.checkpoint", "VBD.plug", "VBD.unplug", "VBD.unplug_force",
            "VIF.plug", "VIF.unplug");

    public RpcHandler(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        bodies.sweepOn(getServer().getScheduler());
    }

    @Override
    protected void doStop() throws Exception {
        bodies.close();
        super.doStop();
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
            Thread.ofVirtual().name("rpc body over the limit").start(() -> refuseTooLarge(request, response, callback,
                    "an RPC body may be at most " + MAX_BODY + " bytes, this one has " + length));
            return true;
        }
        Origin origin = HttpAuth.origin(request);
        boolean json = Request.getPathInContext(request).equals("/jsonrpc");
        Arrived arrived;
        try {
            arrived = Arrived.of(request);
        } catch (IOException e) {
            bodyDidNotCome(request, response, callback, e);
            return true;
        }
        if (arrived.whole()) {
            if (arrived.bytes().length > MAX_BODY) {
                Thread.ofVirtual().name("rpc body over the limit").start(() -> refuseTooLarge(request, response,
                        callback, TOO_LARGE));
                return true;
            }
            Decoded call;
            try {
                call = Decoded.of(arrived.bytes(), json);
            } catch (RpcParseException e) {
                notACall(request, response, callback, json, e);
                return true;
            }
            ClientShares.Turn turn = waits(call.method()) ? null : shares.tryTake(origin);
            if (turn != null) { // answered on Jetty's thread: no hand-off to another for the most frequent calls
                try (turn) {
                    answer(call, origin, turn, response, callback);
                }
                return true;
            }
            Thread.ofVirtual().name("rpc " + call.method()).start(() -> serve(call, origin, response, callback));
            return true;
        }
        bodies.start(request, () -> close(request));
        Thread.ofVirtual().name("rpc body").start(() -> serve(request, arrived, origin, json, response, callback));
        return true;
    }

    /**
     * A call that waits (for events, the host, a guest) or for its client's turn, answered on a
     * virtual thread of its own, so no Jetty thread waits with it.
     */
    private void serve(Decoded call, Origin origin, Response response, Callback callback) {
        try (ClientShares.Turn turn = shares.take(origin)) {
            answer(call, origin, turn, response, callback);
        } catch (InterruptedException e) {
            callback.failed(e); // jxend is stopping
        } catch (RuntimeException | Error e) { // the client gets a 500 rather than no answer at all
            LOG.log(Level.SEVERE, "answering " + call.method() + " failed unexpectedly", e);
            callback.failed(e);
        }
    }

    /** A call whose body had not all come with its head: read (under {@link #bodies}' deadline), then served. */
    private void serve(Request request, Arrived arrived, Origin origin, boolean json, Response response,
            Callback callback) {
        byte[] body;
        try {
            body = rest(request, arrived.bytes());
        } catch (IOException e) { // the client stalled or hung up
            bodyDidNotCome(request, response, callback, e);
            return;
        }
        if (body.length > MAX_BODY) {
            refuseTooLarge(request, response, callback, TOO_LARGE);
            return;
        }
        try {
            serve(Decoded.of(body, json), origin, response, callback);
        } catch (RpcParseException e) {
            notACall(request, response, callback, json, e);
        }
    }

    private static boolean waits(String method) {
        return !method.startsWith(ASYNC) && (WAITS_FOR_EVENTS.contains(method) || method.equals(LOGIN)
                || WAITS_FOR_THE_HOST.contains(method));
    }

    /** Answers {@code call} with {@code turn}: XAPI's envelope and headers, the reply streamed if it is large. */
    private void answer(Decoded call, Origin origin, ClientShares.Turn turn, Response response, Callback callback)
            throws InterruptedException {
        Reply reply = call.json() != null ? json(call.json(), origin, turn) : xml(call.call(), origin, turn);
        response.setStatus(HttpStatus.OK_200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(call.json() != null ? JSON_TYPE : XML_TYPE);
        headers.put(ANY_ORIGIN);
        headers.put(ALLOWED_HEADERS);
        try {
            reply.writeTo(new ReplyChunks(response, callback));
        } catch (IOException e) { // the client went away while a large reply was going out
            callback.failed(e);
        }
    }

    /** A reply ready to go: made whole, or a result still to be encoded as it goes out. */
    private interface Reply {
        void writeTo(ReplyChunks chunks) throws IOException;
    }

    /** A decoded call, with the JSON-RPC request it came in (its version and id) or none for XML-RPC. */
    private record Decoded(RpcCall call, JsonRpc.Request json) {
        static Decoded of(byte[] body, boolean json) throws RpcParseException {
            if (json) {
                JsonRpc.Request request = JsonRpc.readRequest(body);
                return new Decoded(request.call(), request);
            }
            return new Decoded(XmlRpc.readCall(body), null);
        }

        String method() {
            return call.method();
        }
    }

    /** What of a request's body came with its head (Jetty has read it already): all of it, or a first part. */
    private record Arrived(byte[] bytes, boolean whole) {
        /** Takes the chunks there are without waiting for more (the content, then the end, for a small body). */
        static Arrived of(Request request) throws IOException {
            byte[] bytes = new byte[0];
            for (Content.Chunk chunk = request.read(); chunk != null; chunk = request.read()) {
                try {
                    if (Content.Chunk.isFailure(chunk)) {
                        throw new IOException(chunk.getFailure());
                    }
                    ByteBuffer content = chunk.getByteBuffer();
                    int at = bytes.length;
                    bytes = Arrays.copyOf(bytes, at + content.remaining());
                    content.get(bytes, at, bytes.length - at);
                    if (chunk.isLast() || bytes.length > MAX_BODY) {
                        return new Arrived(bytes, true);
                    }
                } finally {
                    chunk.release();
                }
            }
            return new Arrived(bytes, false);
        }
    }

    /**
     * The body after {@code head}, up to one byte over the limit. A body trickled a byte at a time
     * never lets its connection idle: {@link #bodies} closes it when the body has not come whole
     * {@link #BODY_TIMEOUT} after its head.
     */
    private byte[] rest(Request request, byte[] head) throws IOException {
        try (InputStream in = Request.asInputStream(request)) {
            byte[] tail = in.readNBytes(Math.max(0, MAX_BODY + 1 - head.length));
            byte[] body = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, body, head.length, tail.length);
            return body;
        } finally {
            bodies.stop(request);
        }
    }

    /**
     * Answers 413 to a body over the limit once what is left of it has been read and dropped, up to
     * {@link #SWALLOW_MAX} (under {@link #bodies}' deadline): a connection closed while its client is
     * still sending is reset, and the reset loses the answer in the client's receive buffer, so it
     * would see "connection reset" rather than the 413. A longer body is answered at once and its
     * connection closed (Jetty closes a connection whose request was not read to its end).
     */
    private void refuseTooLarge(Request request, Response response, Callback callback, String why) {
        if (request.getLength() <= SWALLOW_MAX) {
            bodies.start(request, () -> close(request));
            try (InputStream in = Request.asInputStream(request)) {
                byte[] dropped = new byte[8192];
                long read = 0;
                for (int n = 0; n >= 0 && read <= SWALLOW_MAX; n = in.read(dropped)) {
                    read += n;
                }
            } catch (IOException e) { // the client stalled or hung up: the answer below fails as it should
                LOG.fine(() -> "a refused body did not come whole: " + e.getMessage());
            } finally {
                bodies.stop(request);
            }
        }
        // the connection ends after the answer, now cleanly: nothing unread is left to turn the close into a reset
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, why);
    }

    private static void bodyDidNotCome(Request request, Response response, Callback callback, IOException e) {
        Response.writeError(request, response, callback, HttpStatus.REQUEST_TIMEOUT_408,
                "the body did not come: " + e.getMessage());
    }

    private static void notACall(Request request, Response response, Callback callback, boolean json,
            RpcParseException e) {
        Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                (json ? "not a JSON-RPC request: " : "not an XML-RPC call: ") + e.getMessage());
    }

    /** Ends the request's connection without an answer, as the idle timeout does. */
    private static void close(Request request) {
        request.getConnectionMetaData().getConnection().getEndPoint()
                .close(new TimeoutException("the body did not come within " + BODY_TIMEOUT));
    }

    private Reply xml(RpcCall call, Origin origin, ClientShares.Turn turn) throws InterruptedException {
        XenApiFailure failure;
        try {
            Object result = dispatch(call, origin, turn);
            if (call.method().equals(Dispatcher.LIST_METHODS)) {
                byte[] bare = XmlRpc.writeBare(result);
                return chunks -> chunks.whole(bare);
            }
            return chunks -> stream(call, sink -> XmlRpc.writeSuccess(result, sink), XmlRpc::writeFailure, chunks);
        } catch (XenApiFailure f) {
            failure = f;
        } catch (RuntimeException e) {
            failure = internal(call, e);
        }
        byte[] reply = XmlRpc.writeFailure(failure);
        return chunks -> chunks.whole(reply);
    }

    private Reply json(JsonRpc.Request request, Origin origin, ClientShares.Turn turn) throws InterruptedException {
        XenApiFailure failure;
        try {
            Object result = dispatch(request.call(), origin, turn);
            return chunks -> stream(request.call(), sink -> JsonRpc.writeSuccess(request, result, sink),
                    f -> JsonRpc.writeFailure(request, f), chunks);
        } catch (XenApiFailure f) {
            failure = f;
        } catch (RuntimeException e) {
            failure = internal(request.call(), e);
        }
        byte[] reply = JsonRpc.writeFailure(request, failure);
        return chunks -> chunks.whole(reply);
    }

    /** A result encoded as it goes out. */
    private interface Encoding {
        void to(ReplySink sink) throws IOException;
    }

    /** A result that fails to encode is a bug: INTERNAL_ERROR in its place if none of it has gone yet. */
    private static void stream(RpcCall call, Encoding encoding, Function<XenApiFailure, byte[]> failure,
            ReplyChunks chunks) throws IOException {
        try {
            encoding.to(chunks);
        } catch (RuntimeException e) {
            XenApiFailure internal = internal(call, e);
            if (chunks.started()) {
                throw new IOException("the reply to " + call.method() + " broke off: " + e, e);
            }
            chunks.whole(failure.apply(internal));
        }
    }

    /**
     * The call's result; a void call's is the empty string, as XAPI answers it (gen_server.ml), in
     * both protocols. A call that waits for events or for the host rather than for a CPU gives its
     * turn back: {@code event.from} and {@code event.next}, and the power and device operations, which wait for a guest
     * and the toolstack (one at a time per VM already), so a client's slow shutdown does not hold up
     * its other calls.
     */
    private Object dispatch(RpcCall call, Origin origin, ClientShares.Turn turn) throws XenApiFailure, InterruptedException {
        String method = call.method().startsWith(ASYNC) ? call.method().substring(ASYNC.length()) : call.method();
        if (WAITS_FOR_EVENTS.contains(method) || WAITS_FOR_THE_HOST.contains(method)) {
            turn.close();
        }
        Object result = dispatcher.dispatch(call, origin);
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
