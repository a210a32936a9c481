package org.jxen.xenstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.junit.jupiter.api.Test;

/**
 * A connection read by its callers gives up on a daemon that keeps silent for longer than its
 * patience (30 s; half a second here) instead of leaving the caller in the channel's read for
 * good: the call fails saying so and the channel is closed. A daemon that keeps talking (watch
 * events) is waited for, however long the reply takes.
 */
class XsConnectionPatienceTest {
    private static final Duration PATIENCE = Duration.ofMillis(500);
    private static final byte[] READ_X = "/x\0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aCallerReadingTheChannelHearsOfASilentDaemonInsteadOfWaitingForGood() throws Exception {
        Pipe daemon = Pipe.open();
        ByteChannel channel = new DaemonEnd(daemon.source());
        XsConnection c = XsConnection.readByCallers(channel, "a silent daemon", PATIENCE);
        long start = System.nanoTime();

        assertThatThrownBy(() -> c.call(Op.READ, 0, READ_X)).isInstanceOf(UncheckedIOException.class)
                .rootCause().hasMessage("no reply from a silent daemon within 500 ms; the connection is closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(PATIENCE, Duration.ofSeconds(5));
        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> c.call(Op.READ, 0, READ_X)).as("the connection stays failed")
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aDaemonThatKeepsSendingIsWaitedForPastThePatience() throws Exception {
        Pipe daemon = Pipe.open();
        XsConnection c = XsConnection.readByCallers(new DaemonEnd(daemon.source()), "a slow daemon", PATIENCE);
        Thread talker = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 6; i++) { // 1.5 s of watch events, a quarter second apart
                    Thread.sleep(250);
                    send(daemon.sink(), Message.of(Op.WATCH_EVENT, 0, 0, Payload.joined(List.of("/w", "tok"))));
                }
                send(daemon.sink(), Message.of(Op.READ, 1, 0, "value".getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        Message reply = c.call(Op.READ, 0, READ_X); // the connection's first request: id 1
        talker.join();
        assertThat(new String(reply.payload(), StandardCharsets.US_ASCII)).isEqualTo("value");
    }

    private static void send(Pipe.SinkChannel sink, Message m) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(m.size());
        m.writeTo(buf);
        buf.flip();
        while (buf.hasRemaining()) {
            sink.write(buf);
        }
    }

    /** The client's end: requests go nowhere, replies come from {@code replies}. */
    private record DaemonEnd(Pipe.SourceChannel replies) implements ByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            return replies.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return replies.isOpen();
        }

        @Override
        public void close() throws IOException {
            replies.close();
        }
    }
}
