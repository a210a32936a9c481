package org.jxen.daemon.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Closes an HTTP connection whose next request head has not arrived whole within {@code limit} of
 * the connection opening or of its last exchange ending. The idle timeout alone never ends a
 * slowloris client, which sends a byte of a head now and then and so is never idle; a limit on the
 * whole head does, as nginx's {@code client_header_timeout} and Go's {@code ReadHeaderTimeout} do.
 * A request being handled (an {@code event.from} waiting, a disk image streaming) is not timed.
 *
 * <p>Wraps the handlers, to see each head arrive and each exchange end, and listens to the
 * connectors, to see connections open and close.
 */
final class RequestHeadTimeout extends Handler.Wrapper implements Connection.Listener {
    private final Duration limit;
    /** The connections waiting for a request head. */
    private final Deadlines waiting;

    RequestHeadTimeout(Duration limit, Handler handler) {
        super(handler);
        this.limit = limit;
        this.waiting = new Deadlines(limit);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        waiting.sweepOn(getServer().getScheduler());
    }

    @Override
    protected void doStop() throws Exception {
        waiting.close();
        super.doStop();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof ConnectionMetaData) { // HTTP/1.1 itself, not TLS under it or a WebSocket after it
            await(connection);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        waiting.stop(connection);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        waiting.stop(connection);
        boolean handled;
        try {
            // the next head is timed from the end of this exchange: before the callback, which may let it in at once
            handled = super.handle(request, response, Callback.from(() -> await(connection), callback));
        } catch (Exception | Error e) {
            await(connection); // Jetty answers it
            throw e;
        }
        if (!handled) {
            await(connection); // Jetty answers 404 itself
        }
        return handled;
    }

    private void await(Connection connection) {
        if (owns(connection)) {
            waiting.start(connection, () -> {
                if (owns(connection)) {
                    // without an answer, as the idle timeout does (closing the connection would answer 500)
                    connection.getEndPoint().close(new TimeoutException("no request head within " + limit));
                }
            });
        }
    }

    /** Whether {@code connection} is still its end point's (not closed, not upgraded to a WebSocket). */
    private static boolean owns(Connection connection) {
        return connection.getEndPoint().isOpen() && connection.getEndPoint().getConnection() == connection;
    }
}
