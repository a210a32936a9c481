package org.jxen.api.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * JSON-RPC over HTTP/1.1 on a Unix socket (jxend's, or XAPI's {@code /var/lib/xcp/xapi}). Idle
 * connections are kept for the next call; concurrent calls each get their own, up to
 * {@link #MAX_CONNECTIONS} (more callers wait: a burst of connects would overflow the server's
 * listen backlog, which a Unix socket reports as an error rather than by waiting). A kept connection
 * the server has closed meanwhile is noticed before use and replaced; a request is never sent twice,
 * so one the server closes while the request is on its way fails with an IOException.
 */
final class UnixSocketTransport implements Transport {
    static final int MAX_CONNECTIONS = 16;

    private final Path socket;
    private final ConcurrentLinkedDeque<UnixHttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS, true);
    private volatile boolean closed;

    UnixSocketTransport(Path socket) {
        this.socket = socket;
    }

    @Override
    public Reply post(byte[] body) throws IOException {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a connection to " + socket);
        }
        try {
            return postOnAConnection(body);
        } finally {
            connections.release();
        }
    }

    private Reply postOnAConnection(byte[] body) throws IOException {
        if (closed) {
            throw new IOException("the client of " + socket + " is closed");
        }
        UnixHttpConnection connection = reusableOrNew();
        Reply reply;
        try {
            reply = connection.post("/jsonrpc", body);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        idle.push(connection);
        if (closed) {
            closeIdle();
        }
        return reply;
    }

    private UnixHttpConnection reusableOrNew() throws IOException {
        for (UnixHttpConnection kept = idle.poll(); kept != null; kept = idle.poll()) {
            if (kept.reusable()) {
                return kept;
            }
            kept.close();
        }
        return UnixHttpConnection.open(socket);
    }

    @Override
    public String where() {
        return "unix:" + socket;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeIdle();
    }

    private void closeIdle() throws IOException {
        for (UnixHttpConnection kept = idle.poll(); kept != null; kept = idle.poll()) {
            kept.close();
        }
    }
}
