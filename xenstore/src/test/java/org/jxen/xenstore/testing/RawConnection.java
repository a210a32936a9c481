package org.jxen.xenstore.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;

/**
 * A test client speaking raw XenStore frames over a Unix socket, blocking, with a deadline on
 * every read: it can send anything, malformed frames included, and see every byte that comes back.
 */
public final class RawConnection implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    /** Request id of the sync marker {@link #sync()} sends; scenarios never use it. */
    public static final int MARKER_REQ = 0x7fff_fff0;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 17).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closedByPeer;

    public RawConnection(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        in.flip();
    }

    public void send(Message m) throws IOException {
        sendBytes(m.encode());
    }

    /** Writes all bytes; the daemon reads continuously, so a full socket buffer drains quickly. */
    public void sendBytes(ByteBuffer bytes) throws IOException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0 && Instant.now().isAfter(deadline)) {
                throw new IOException("the daemon stopped reading");
            }
        }
    }

    /** Sends a request and returns everything up to and including its reply (watch events first). */
    public List<Message> call(Op op, int reqId, int txId, byte[] payload) throws IOException {
        send(Message.of(op, reqId, txId, payload));
        return readUntilReply(reqId);
    }

    /**
     * Everything the daemon sent on this connection since the last read, made certain by a marker
     * request whose reply comes after all of it. Ends with "closed" pseudo-message handling: if the
     * daemon closed the connection, the list ends there and {@link #isClosed()} turns true.
     */
    public List<Message> sync() throws IOException {
        if (closedByPeer) {
            return List.of();
        }
        try {
            send(Message.of(Op.GET_DOMAIN_PATH, MARKER_REQ, 0, "0\0".getBytes()));
        } catch (IOException e) {
            closedByPeer = true;
            return drainBuffered();
        }
        List<Message> got = readUntilReply(MARKER_REQ);
        if (!got.isEmpty() && got.getLast().reqId() == MARKER_REQ && got.getLast().type() != Op.WATCH_EVENT.code()) {
            got.removeLast();
        }
        return got;
    }

    public List<Message> readUntilReply(int reqId) throws IOException {
        List<Message> out = new ArrayList<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            Message m = next(deadline);
            if (m == null) {
                return out;
            }
            out.add(m);
            if (m.type() != Op.WATCH_EVENT.code() && m.reqId() == reqId) {
                return out;
            }
        }
    }

    /** The next message the daemon sends; fails the test if none comes before the deadline. */
    public Message nextMessage() throws IOException {
        Message m = next(Instant.now().plus(DEADLINE));
        if (m == null) {
            throw new AssertionError("the daemon closed the connection");
        }
        return m;
    }

    public boolean isClosed() {
        return closedByPeer;
    }

    /** The next frame, or null when the daemon closed the connection. Fails the test at the deadline. */
    private Message next(Instant deadline) throws IOException {
        while (true) {
            if (in.remaining() >= Message.HEADER_SIZE && in.remaining() >= Message.HEADER_SIZE + Message.payloadLength(in)) {
                return Message.readFrom(in);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no complete reply from the daemon within " + DEADLINE);
            }
            if (selector.select(Math.max(1, Duration.between(Instant.now(), deadline).toMillis())) == 0) {
                continue;
            }
            selector.selectedKeys().clear();
            in.compact();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                n = -1;
            } finally {
                in.flip();
            }
            if (n < 0) {
                closedByPeer = true;
                return null;
            }
        }
    }

    private List<Message> drainBuffered() throws IOException {
        List<Message> out = new ArrayList<>();
        Message m;
        while (in.remaining() >= Message.HEADER_SIZE && (m = next(Instant.now().plus(DEADLINE))) != null) {
            out.add(m);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
