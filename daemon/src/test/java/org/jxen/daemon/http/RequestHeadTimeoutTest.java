package org.jxen.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The head timeout on a Jetty server of its own, with a limit of {@link #LIMIT} (jxend's is its
 * idle timeout, 30 s): a head trickled too slowly is cut, after the connection opens and after an
 * exchange; a request handled for longer than the limit, and a WebSocket open for longer, are not.
 */
class RequestHeadTimeoutTest {
    private static final Duration LIMIT = Duration.ofMillis(300);
    private static final byte[] HEAD_START = "GET / HTTP/1.1\r\nHost: test\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER = "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII);

    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(60_000);
        Handler answers = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (Request.getPathInContext(request).equals("/slow")) {
                    Thread.sleep(LIMIT.multipliedBy(2));
                }
                response.write(true, ByteBuffer.wrap("done".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        };
        Handler echo = WebSocketUpgradeHandler.from(server, container -> container.addMapping("/ws",
                (request, response, callback) -> new Echo()));
        RequestHeadTimeout heads = new RequestHeadTimeout(LIMIT, new Handler.Sequence(echo, answers));
        connector.addEventListener(heads);
        server.addConnector(connector);
        server.setHandler(heads);
        server.start();
        port = connector.getLocalPort();
    }

    /** Public, as Jetty calls a listener's methods through a public lookup. */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String text) {
            getSession().sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aHeadTrickledForLongerThanTheLimitIsCutWithoutAnAnswer() throws Exception {
        long start = System.nanoTime(); // before the server sees the connection open, and starts its clock
        try (Socket slowloris = connect()) {
            slowloris.getOutputStream().write(HEAD_START);
            assertThat(trickleUntilClosed(slowloris)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(LIMIT, LIMIT.multipliedBy(4));
        }
    }

    @Test
    void theNextHeadIsTimedFromTheEndOfTheLastExchange() throws Exception {
        long start = System.nanoTime();
        try (Socket client = connect()) {
            Thread.sleep(LIMIT.dividedBy(2)); // the client thinks a while before its first request
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().write(HEAD_START);
            assertThat(trickleUntilClosed(client)).startsWith("HTTP/1.1 200 ").endsWith("done");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(LIMIT.multipliedBy(3).dividedBy(2));
        }
    }

    @Test
    void aRequestHandledForLongerThanTheLimitIsAnswered() throws Exception {
        try (Socket client = connect()) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).endsWith("done");
        }
    }

    @Test
    void aWebSocketOutlivesTheLimit() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        Thread.sleep(LIMIT.multipliedBy(3));
        socket.sendText("still here", true);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("still here");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) LIMIT.toMillis() / 3);
        return socket;
    }

    /** Sends a header line every third of the limit until the server closes; what it answered meanwhile. */
    private static String trickleUntilClosed(Socket socket) throws IOException {
        StringBuilder answered = new StringBuilder();
        InputStream in = socket.getInputStream();
        long giveUp = System.nanoTime() + LIMIT.multipliedBy(20).toNanos();
        try {
            while (System.nanoTime() < giveUp) {
                try {
                    int c = in.read();
                    if (c < 0) {
                        return answered.toString();
                    }
                    answered.append((char) c);
                } catch (SocketTimeoutException quiet) {
                    socket.getOutputStream().write(HEADER);
                }
            }
        } catch (SocketException closed) {
            return answered.toString();
        }
        throw new AssertionError("still open after " + LIMIT.multipliedBy(20) + ", answered: " + answered);
    }
}
