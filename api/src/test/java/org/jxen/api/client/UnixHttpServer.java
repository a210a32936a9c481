package org.jxen.api.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxen.api.RpcParseException;

/**
 * A minimal HTTP/1.1 server on a Unix socket, written apart from the client's own HTTP code, whose
 * reply framing each test chooses: Content-Length, chunked (with an extension and a trailer),
 * closing the connection after each reply, a body ended by closing, a body cut short.
 */
final class UnixHttpServer implements AutoCloseable {
    enum Framing { LENGTH, CHUNKED, CLOSE_AFTER_REPLY, UNTIL_EOF, TRUNCATED }

    final AtomicInteger connections = new AtomicInteger();
    /** Connections this server has closed. */
    final AtomicInteger closed = new AtomicInteger();
    /** Each request's head: request line and headers, CRLF-separated. */
    final List<String> heads = new CopyOnWriteArrayList<>();
    volatile Framing framing = Framing.LENGTH;
    /** An interim "100 Continue" before each reply. */
    volatile boolean sendContinue;
    /** When set, this status and body instead of the API's reply. */
    volatile int status = 200;
    volatile byte[] body;

    private final FakeXenApi api;
    private final ServerSocketChannel server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    UnixHttpServer(Path socket, FakeXenApi api) throws IOException {
        this.api = api;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        threads.submit(this::accept);
    }

    private Void accept() throws IOException {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (IOException closed) {
                return null;
            }
            connections.incrementAndGet();
            threads.submit(() -> serve(connection));
        }
        return null;
    }

    private Void serve(SocketChannel connection) throws IOException {
        try (connection) {
            serveUntilClosed(connection);
        } finally {
            closed.incrementAndGet();
        }
        return null;
    }

    private void serveUntilClosed(SocketChannel connection) throws IOException {
        InputStream in = Channels.newInputStream(connection);
        OutputStream out = Channels.newOutputStream(connection);
        while (true) {
            String head = head(in);
            if (head == null) {
                return;
            }
            heads.add(head);
            int length = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElse(0);
            byte[] request = in.readNBytes(length);
            if (!reply(out, request)) {
                return;
            }
        }
    }

    /** Waits (at most 10 s) until the server has closed {@code count} connections. */
    void awaitClosed(int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (closed.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server closed " + closed.get() + " connections, not " + count);
            }
            Thread.onSpinWait();
        }
    }

    /** The request head up to its empty line, or null when the client closed the connection. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    /** Writes the reply; false when the connection must close now. */
    private boolean reply(OutputStream out, byte[] request) throws IOException {
        int replyStatus = status;
        byte[] reply = body;
        if (reply == null) {
            try {
                reply = api.handle(request);
            } catch (RpcParseException e) {
                replyStatus = 400;
                reply = e.getMessage().getBytes(StandardCharsets.UTF_8);
            }
        }
        if (sendContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String start = "HTTP/1.1 " + replyStatus + " Whatever\r\nContent-Type: application/json\r\n";
        Framing how = framing;
        switch (how) {
            case LENGTH, CLOSE_AFTER_REPLY -> {
                out.write((start + "Content-Length: " + reply.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(reply);
            }
            case TRUNCATED -> {
                out.write((start + "Content-Length: " + (reply.length + 10) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(reply);
            }
            case UNTIL_EOF -> {
                out.write((start + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(reply);
            }
            case CHUNKED -> {
                out.write((start + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int at = 0; at < reply.length; at += 7) {
                    int size = Math.min(7, reply.length - at);
                    out.write((Integer.toHexString(size) + (at == 0 ? ";note=first" : "") + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(reply, at, size);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\nX-Trailer: yes\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.flush();
        return how == Framing.LENGTH || how == Framing.CHUNKED;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
