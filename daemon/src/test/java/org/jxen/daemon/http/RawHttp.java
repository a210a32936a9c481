package org.jxen.daemon.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection to jxend from a chosen local address (127.0.0.2 is another
 * client than 127.0.0.1 to the server), speaking just enough HTTP to post a body and read the
 * Content-Length-framed answer: what a test needs to time calls without a client library's own
 * threads in between, or to send exactly the bytes it means.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(InetSocketAddress server, InetAddress from) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.setTcpNoDelay(true);
        socket.connect(server);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends raw bytes (a part of a request, say). */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** POSTs {@code body} to {@code path} and returns the answer's body; an IOException for any status but 200. */
    byte[] post(String path, String contentType, byte[] body) throws IOException {
        send(("POST " + path + " HTTP/1.1\r\nHost: jxend\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        send(body);
        String status = line();
        long length = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring("content-length:".length()).strip());
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length: " + status);
        }
        byte[] answer = in.readNBytes((int) length);
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException(status + ": " + new String(answer, StandardCharsets.UTF_8));
        }
        return answer;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("jxend closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
