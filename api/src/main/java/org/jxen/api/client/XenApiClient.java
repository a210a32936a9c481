package org.jxen.api.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jxen.api.ErrorCodes;
import org.jxen.api.JsonRpc;
import org.jxen.api.RpcParseException;
import org.jxen.api.XenApiFailure;

/**
 * A XenAPI client: JSON-RPC 2.0 to {@code /jsonrpc} over HTTP or HTTPS (a self-signed
 * certificate accepted when asked), or over jxend's Unix socket. Thread-safe; one session.
 *
 * <p>A XenAPI failure is thrown as {@link XenApiFailure}; anything else that goes wrong (no
 * connection, an HTTP status other than 2xx, a body that is not a JSON-RPC reply) as an
 * IOException saying where, the status and how the body starts. A call waits as long as the server
 * takes ({@code event.from} blocks by design); over a Unix socket at most 16 calls run at once.
 */
public final class XenApiClient implements AutoCloseable {
    private static final int BODY_SHOWN = 200;

    private final Transport transport;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<String> session = new AtomicReference<>();

    private XenApiClient(Transport transport) {
        this.transport = transport;
    }

    /** A client of the server at {@code url} ({@code http://host:port} or {@code https://...}). */
    public static XenApiClient http(URI url, boolean trustAnyCertificate) {
        return new XenApiClient(new HttpTransport(url, trustAnyCertificate));
    }

    /** A client over a Unix socket (where jxend treats the caller as root, as XAPI does). */
    public static XenApiClient unixSocket(Path socket) {
        return new XenApiClient(new UnixSocketTransport(socket));
    }

    /**
     * {@code session.login_with_password(user, password)}; later calls carry the session. A second
     * login replaces the session without logging the first one out.
     */
    public void login(String user, String password) throws IOException, XenApiFailure {
        Object ref = callWithoutSession("session.login_with_password", List.of(user, password));
        if (!(ref instanceof String s)) {
            throw new IOException(transport.where() + ": session.login_with_password returned " + ref
                    + ", not a session reference");
        }
        session.set(s);
    }

    /** The session reference while logged in. */
    public Optional<String> session() {
        return Optional.ofNullable(session.get());
    }

    /** Calls {@code method} with the session (when logged in) first, then {@code params}. */
    public Object call(String method, Object... params) throws IOException, XenApiFailure {
        List<Object> all = new ArrayList<>(params.length + 1);
        String s = session.get();
        if (s != null) {
            all.add(s);
        }
        all.addAll(Arrays.asList(params));
        return callWithoutSession(method, all);
    }

    /** Calls {@code method} without the session (login, {@code system.listMethods}). */
    public Object callWithoutSession(String method, List<Object> params) throws IOException, XenApiFailure {
        Transport.Reply reply = transport.post(JsonRpc.writeRequest(ids.incrementAndGet(), method, params));
        if (reply.status() < 200 || reply.status() > 299) {
            throw new IOException(transport.where() + ": HTTP " + reply.status() + " to " + method + ": "
                    + start(reply.body()));
        }
        try {
            return JsonRpc.readResponse(reply.body());
        } catch (RpcParseException e) {
            throw new IOException(transport.where() + ": HTTP " + reply.status() + " to " + method
                    + " is not a JSON-RPC reply (" + e.getMessage() + "): " + start(reply.body()), e);
        }
    }

    private static String start(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, 0, Math.min(body.length, BODY_SHOWN), StandardCharsets.UTF_8);
        return "\"" + text + (body.length > BODY_SHOWN ? "...\"" : "\"");
    }

    /** Logs out if logged in ({@code SESSION_INVALID}: the session was gone already), then closes the connections. */
    @Override
    public void close() throws IOException {
        try (transport) {
            String s = session.getAndSet(null);
            if (s != null) {
                callWithoutSession("session.logout", List.of(s));
            }
        } catch (XenApiFailure e) {
            if (!e.code().equals(ErrorCodes.SESSION_INVALID)) {
                throw new IOException(transport.where() + ": session.logout failed: " + e.getMessage(), e);
            }
        }
    }
}
