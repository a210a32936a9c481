package org.jxen.api.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a Unix socket: a POST written, its reply read with the body sized by
 * Content-Length, by chunks, or by the end of the connection. Not thread-safe: one request at a time.
 */
final class UnixHttpConnection implements Closeable {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    /** A reply larger than this is refused; XAPI's own RPC limit is far below (http_limit_max_rpc_size). */
    private static final int MAX_BODY = 256 << 20;

    private final SocketChannel channel;
    private final Path socket;
    private final ByteBuffer in = ByteBuffer.allocate(16384).flip();
    private boolean reusable = true;

    private UnixHttpConnection(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
    }

    static UnixHttpConnection open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
        }
        return new UnixHttpConnection(channel, socket);
    }

    /** POSTs {@code body} to {@code path} and reads the whole reply. */
    Transport.Reply post(String path, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        reusable = false; // until the whole reply has been read
        write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        write(ByteBuffer.wrap(body));
        int status;
        Map<String, String> headers;
        do {
            status = statusLine(readLine());
            headers = headers();
        } while (status >= 100 && status < 200);
        byte[] reply = body(status, headers);
        reusable = !"close".equalsIgnoreCase(headers.get("connection")) && !in.hasRemaining();
        return new Transport.Reply(status, reply);
    }

    /**
     * Whether another request may follow: the last reply was read whole and the server has neither
     * closed the connection nor sent anything since (a peek that does not block).
     */
    boolean reusable() {
        if (!reusable || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            int peeked = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return peeked == 0;
        } catch (IOException e) {
            return false; // a broken connection is as good as closed: the caller opens a new one
        }
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private int statusLine(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException(socket + ": not an HTTP/1.x status line: " + line);
        }
        return Integer.parseInt(parts[1]);
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException(socket + ": not an HTTP header line: " + line);
            }
            if (headers.size() == MAX_HEADERS) {
                throw new IOException(socket + ": more than " + MAX_HEADERS + " HTTP headers");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return headers;
    }

    private byte[] body(int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        String encoding = headers.getOrDefault("transfer-encoding", "");
        if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked();
        }
        String length = headers.get("content-length");
        if (length != null) {
            return exactly(contentLength(length));
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        do {
            if (all.size() + (long) in.remaining() > MAX_BODY) {
                throw new IOException(socket + ": body larger than " + MAX_BODY + " bytes");
            }
            take(all, in.remaining());
        } while (fill());
        channel.close(); // the body ended with the connection
        return all.toByteArray();
    }

    private int contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0 && length <= MAX_BODY) {
                return (int) length;
            }
        } catch (NumberFormatException e) {
            throw new IOException(socket + ": Content-Length " + value + " is not a number", e);
        }
        throw new IOException(socket + ": Content-Length " + value + " is out of range (0.." + MAX_BODY + ")");
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            String size = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
            int length;
            try {
                length = Integer.parseInt(size.strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException(socket + ": bad chunk size line: " + line, e);
            }
            if (length < 0 || all.size() + (long) length > MAX_BODY) {
                throw new IOException(socket + ": chunked body larger than " + MAX_BODY + " bytes");
            }
            if (length == 0) {
                headers(); // the trailer, up to the empty line
                return all.toByteArray();
            }
            all.write(exactly(length));
            if (!readLine().isEmpty()) {
                throw new IOException(socket + ": a chunk does not end with CRLF");
            }
        }
    }

    private byte[] exactly(int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        while (out.size() < length) {
            if (!in.hasRemaining() && !fill()) {
                throw new EOFException(socket + ": connection closed " + out.size() + " bytes into a body of "
                        + length);
            }
            take(out, Math.min(in.remaining(), length - out.size()));
        }
        return out.toByteArray();
    }

    /** A line up to LF, without its CR LF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        while (true) {
            if (!in.hasRemaining() && !fill()) {
                throw new EOFException(socket + (line.size() == 0 ? ": connection closed before a reply"
                        : ": connection closed inside a reply line"));
            }
            byte b = in.get();
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() == MAX_LINE) {
                throw new IOException(socket + ": an HTTP line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private void take(ByteArrayOutputStream out, int count) {
        out.write(in.array(), in.arrayOffset() + in.position(), count);
        in.position(in.position() + count);
    }

    /** Reads more into the empty buffer; false at the end of the connection. */
    private boolean fill() throws IOException {
        in.clear();
        int read = channel.read(in);
        in.flip();
        return read > 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
