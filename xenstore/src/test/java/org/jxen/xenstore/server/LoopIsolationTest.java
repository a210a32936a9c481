package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bug hit while serving one connection or running one loop task closes that connection (or
 * drops that task) and is logged; the daemon keeps serving everyone else, and when it stops it
 * still removes its socket. The socket is root's alone, as C xenstored makes it. A caller waiting
 * for the loop to go quiet (the simulated host's pump) is held neither by a stopped loop nor for
 * good by a stuck task.
 */
class LoopIsolationTest {
    /** A trace that blows up on one path: an unexpected exception inside the request path. */
    private static final Trace POISONED = new Trace() {
        @Override
        public void in(Session session, Message message) {
            if (Payload.printable(message.payload()).contains("/poison")) {
                throw new IllegalStateException("injected fault");
            }
        }

        @Override
        public void out(Session session, Message message) {
        }
    };

    @Test
    void aFaultInOneConnectionOrTaskLeavesTheDaemonServing(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("socket");
        CoreLoop coreLoop = new CoreLoop(0);
        new SocketTransport(coreLoop, new XenStoreCore(Quota.DEFAULTS, DomainConnector.NONE, POISONED), socket);
        Thread loop = Thread.ofPlatform().name("isolation-test-core").start(coreLoop);
        try (RawConnection victim = new RawConnection(socket); RawConnection bystander = new RawConnection(socket)) {
            bystander.call(Op.WRITE, 1, 0, bytes("/kept\0yes"));

            victim.send(Message.of(Op.READ, 2, 0, bytes("/poison\0")));
            assertThat(victim.sync()).isEmpty(); // no reply: the daemon closed it
            assertThat(victim.isClosed()).isTrue();

            coreLoop.execute(() -> {
                throw new IllegalStateException("injected task fault");
            });
            CountDownLatch after = new CountDownLatch(1);
            coreLoop.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).as("the next task ran").isTrue();

            assertThat(bystander.call(Op.READ, 3, 0, bytes("/kept\0")).getLast().payload()).asString().isEqualTo("yes");
            try (RawConnection newcomer = new RawConnection(socket)) {
                assertThat(newcomer.call(Op.READ, 4, 0, bytes("/kept\0")).getLast().payload()).asString().isEqualTo("yes");
            }
        } finally {
            coreLoop.close();
            loop.join(5000);
        }
        assertThat(loop.isAlive()).isFalse();
        assertThat(socket).doesNotExist();
    }

    @Test
    void theSocketIsCreatedWithMode0600AndNothingElseIsLeftInItsDirectory(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("socket");
        CoreLoop loop = new CoreLoop(0);
        new SocketTransport(loop, new XenStoreCore(Quota.DEFAULTS, DomainConnector.NONE, Trace.NONE), socket);
        Thread loopThread = Thread.ofPlatform().start(loop);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            try (var entries = Files.list(dir)) {
                assertThat(entries).containsExactly(socket);
            }
        } finally {
            loop.close();
            loopThread.join(5000);
        }
    }

    @Test
    void aStoppedLoopDoesNotHoldAWaitForQuiet() throws Exception {
        CoreLoop loop = new CoreLoop(0);
        Thread loopThread = Thread.ofPlatform().start(loop);
        loop.close();
        loopThread.join(5000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> loop.awaitQuiet()); // waited for good before
    }

    @Test
    void aStuckTaskFailsTheWaitForQuietAtItsPatienceAndTheLoopGoesOnAfterIt() throws Exception {
        CoreLoop loop = new CoreLoop(0);
        Thread loopThread = Thread.ofPlatform().start(loop);
        CountDownLatch unstick = new CountDownLatch(1);
        try {
            loop.execute(() -> {
                try {
                    unstick.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> loop.awaitQuiet(Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not go quiet within 0.3 s: a task on it is stuck");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            unstick.countDown();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> loop.awaitQuiet());
        } finally {
            unstick.countDown();
            loop.close();
            loopThread.join(5000);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
