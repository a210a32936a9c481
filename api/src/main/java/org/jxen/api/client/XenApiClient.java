package org.jxen.api.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jxen.api.XenApiFailure;

/**
 * A XenAPI client: JSON-RPC 2.0 to {@code /jsonrpc} over HTTP or HTTPS (a self-signed
 * certificate accepted when asked), or over jxend's Unix socket. Thread-safe; one session.
 */
public final class XenApiClient implements AutoCloseable {
    private XenApiClient() {
    }

    /** A client of the server at {@code url} ({@code http://host:port} or {@code https://...}). */
    public static XenApiClient http(URI url, boolean trustAnyCertificate) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** A client over a Unix socket (where jxend treats the caller as root, as XAPI does). */
    public static XenApiClient unixSocket(Path socket) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** {@code session.login_with_password}; later calls carry the session. */
    public void login(String user, String password) throws IOException, XenApiFailure {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Calls {@code method} with the session (when logged in) first, then {@code params}. */
    public Object call(String method, Object... params) throws IOException, XenApiFailure {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Calls {@code method} without the session (login, {@code system.listMethods}). */
    public Object callWithoutSession(String method, List<Object> params) throws IOException, XenApiFailure {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Logs out if logged in. */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO helper A");
    }
}
