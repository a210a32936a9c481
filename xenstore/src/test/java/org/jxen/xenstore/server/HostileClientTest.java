package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.jxen.xenstore.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken clients on the socket: oversized and garbage frames, a client that floods
 * requests without reading replies, a watcher that never reads, a thousand-level tree
 * (XSA-418), a thousand idle connections. The daemon closes at most the offending connection,
 * keeps serving everyone else, and its tree stays consistent (CONTROL check).
 */
class HostileClientTest {
    @TempDir
    Path dir;
    InProcessJxenstored daemon;
    RawConnection bystander;

    @BeforeEach
    void start() throws IOException {
        daemon = new InProcessJxenstored(dir);
        bystander = new RawConnection(daemon.socket());
    }

    @AfterEach
    void stop() throws IOException {
        bystander.close();
        daemon.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bystander can still write, read back, and the tree passes the consistency check. */
    private void assertDaemonHealthy() throws IOException {
        assertThat(bystander.call(Op.WRITE, 900, 0, bytes("/health\0ok")).getLast().type()).isEqualTo(Op.WRITE.code());
        assertThat(bystander.call(Op.READ, 901, 0, bytes("/health\0")).getLast().payload()).isEqualTo(bytes("ok"));
        assertThat(bystander.call(Op.CONTROL, 902, 0, bytes("check\0")).getLast().payload()).isEqualTo(bytes("OK\0"));
    }

    @Test
    void oversizedPayloadClosesOnlyThatConnection() throws IOException {
        try (RawConnection bad = new RawConnection(daemon.socket())) {
            ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(Op.WRITE.code()).putInt(1).putInt(0).putInt(Message.PAYLOAD_MAX + 1).flip();
            bad.sendBytes(header);
            assertThat(bad.readUntilReply(1)).isEmpty();
            assertThat(bad.isClosed()).isTrue();
        }
        assertDaemonHealthy();
    }

    @Test
    void payloadOfExactlyTheLimitIsAccepted() throws IOException {
        String path = "/max\0";
        byte[] payload = new byte[Message.PAYLOAD_MAX];
        System.arraycopy(bytes(path), 0, payload, 0, path.length());
        java.util.Arrays.fill(payload, path.length(), payload.length, (byte) 'v');
        assertThat(bystander.call(Op.WRITE, 1, 0, payload).getLast().type()).isEqualTo(Op.WRITE.code());
        assertThat(bystander.call(Op.READ, 2, 0, bytes(path)).getLast().payload()).hasSize(Message.PAYLOAD_MAX - path.length());
    }

    @Test
    void randomGarbageNeverHurtsTheDaemon() throws IOException {
        Random rnd = new Random(42);
        for (int round = 0; round < 50; round++) {
            try (RawConnection bad = new RawConnection(daemon.socket())) {
                byte[] junk = new byte[16 + rnd.nextInt(200)];
                rnd.nextBytes(junk);
                bad.sendBytes(ByteBuffer.wrap(junk));
                bad.sync(); // answered, or closed: either is fine
            }
        }
        assertDaemonHealthy();
    }

    @Test
    void aThousandLevelTreeIsCreatedReadAndRemoved() throws IOException {
        String deep = "/d".repeat(1000);
        assertThat(bystander.call(Op.WRITE, 1, 0, bytes(deep + "\0bottom")).getLast().type()).isEqualTo(Op.WRITE.code());
        assertThat(bystander.call(Op.READ, 2, 0, bytes(deep + "\0")).getLast().payload()).isEqualTo(bytes("bottom"));
        bystander.call(Op.WATCH, 3, 0, bytes(deep + "\0w\0"));
        assertThat(bystander.sync()).hasSize(1); // the watch's first event
        List<Message> rm = bystander.call(Op.RM, 4, 0, bytes("/d\0"));
        assertThat(rm.getLast().type()).isEqualTo(Op.RM.code());
        assertThat(rm.getFirst().payload()).isEqualTo(bytes(deep + "\0w\0"));
        assertThat(bystander.call(Op.READ, 5, 0, bytes("/d\0")).getLast().type()).isEqualTo(Op.ERROR.code());
        assertDaemonHealthy();
    }

    @Test
    void aClientFloodingRequestsWithoutReadingDoesNotStarveOthers() throws IOException {
        try (RawConnection flooder = new RawConnection(daemon.socket())) {
            Message read = Message.of(Op.READ, 1, 0, bytes("/\0"));
            ByteBuffer batch = ByteBuffer.allocate(read.size() * 1000);
            for (int i = 0; i < 1000; i++) {
                read.writeTo(batch);
            }
            for (int round = 0; round < 60; round++) { // ~1 MiB of replies it never reads
                batch.flip();
                try {
                    flooder.sendBytes(batch);
                } catch (IOException daemonStoppedReadingUs) {
                    break; // back-pressure: exactly what should happen
                }
                batch.clear().position(batch.capacity());
                assertDaemonHealthy();
            }
            assertDaemonHealthy();
        }
        assertDaemonHealthy();
    }

    @Test
    void aWatcherThatNeverReadsIsDroppedNotBuffered() throws IOException {
        try (RawConnection deaf = new RawConnection(daemon.socket())) {
            deaf.call(Op.WATCH, 1, 0, bytes("/\0deaf\0"));
            String path = "/spam/" + "x".repeat(2040); // 2046 bytes: paths may have 2048
            byte[] write = bytes(path + "\0v");
            for (int i = 0; i < 10_000; i++) { // 10,000 events of ~2 KiB: past the 16 MiB cap
                bystander.send(Message.of(Op.WRITE, 10_000 + i, 0, write));
                if (i % 100 == 99) {
                    assertThat(bystander.readUntilReply(10_000 + i).getLast().reqId()).isEqualTo(10_000 + i);
                }
            }
            List<Message> received = deaf.readUntilReply(-1); // drains what reached its socket, then EOF
            assertThat(deaf.isClosed()).isTrue();
            assertThat(received.size()).isLessThan(10_000);
        }
        assertDaemonHealthy();
    }

    @Test
    void aThousandIdleConnectionsDoNotGetInTheWay() throws IOException {
        List<RawConnection> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                idle.add(new RawConnection(daemon.socket()));
            }
            assertDaemonHealthy();
            assertThat(idle.getLast().call(Op.READ, 1, 0, bytes("/health\0")).getLast().payload()).isEqualTo(bytes("ok"));
        } finally {
            for (RawConnection c : idle) {
                c.close();
            }
        }
        assertDaemonHealthy();
    }
}
