package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.jxen.xenstore.testing.RawConnection;
import org.jxen.xenstore.testing.SilentLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions found on real Xen with xenlab, where ring traffic reaches the core as tasks.
 *
 * <p>1. A task handed to the loop (how ring events reach the core) while the loop was
 * spinning after a socket request could wait until the next socket event, because the spin's
 * non-blocking select cleared the wake-up and the loop then blocked. On real Xen, with every
 * client on a ring, that was a hang (found with xenlab: tools over /dev/xen/xenbus).
 *
 * <p>2. Socket output produced by a task (a watch event caused by a ring client's write) was only
 * flushed after the next socket event: libxl, waiting on a socket for the dom0 kernel's backend
 * to reach Closed, got the event only when its own 10 s timeout made it send something.
 *
 * <p>3. The same cleared wake-up for {@link CoreLoop#close()}: a stop asked for while the loop
 * spun left it blocked in select() for good (found by WarmUpTest in CI: the warm-up's scratch
 * daemon never stopped).
 */
class LoopWakeupRegressionTest {

    @Test
    void tasksHandedInDuringTheSpinRunWithoutFurtherSocketTraffic(@TempDir Path dir) throws Exception {
        // A long spin makes "the task arrives while the loop spins" the common case.
        try (InProcessJxenstored d = new InProcessJxenstored(dir, Quota.DEFAULTS, 20_000);
             RawConnection c = new RawConnection(d.socket())) {
            for (int i = 0; i < 100; i++) {
                c.call(Op.READ, i, 0, "/\0".getBytes()); // the loop is now spinning for the next request
                CountDownLatch ran = new CountDownLatch(1);
                d.loop().execute(ran::countDown);
                assertThat(ran.await(5, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
            }
        }
    }

    @Test
    void aStopAskedForDuringTheSpinStopsTheLoop(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 20; i++) {
            CoreLoop t = new CoreLoop(200_000);
            new SocketTransport(t, new XenStoreCore(Quota.DEFAULTS, DomainConnector.NONE, Trace.NONE), dir.resolve("socket" + i));
            Thread loop = Thread.ofPlatform().start(t);
            try (RawConnection c = new RawConnection(dir.resolve("socket" + i))) {
                c.call(Op.READ, 1, 0, "/\0".getBytes()); // the loop now spins for 200 ms
                t.close();
                loop.join(5000);
                assertThat(loop.isAlive()).as("loop %d stopped", i).isFalse();
            }
        }
    }

    @Test
    void socketOutputCausedByATaskIsSentAtOnce(@TempDir Path dir) throws Exception {
        try (InProcessJxenstored d = new InProcessJxenstored(dir); RawConnection watcher = new RawConnection(d.socket())) {
            watcher.call(Op.WATCH, 1, 0, "/from-ring\0w\0".getBytes());
            assertThat(watcher.sync()).hasSize(1); // the watch's first event
            for (int i = 0; i < 20; i++) {
                int n = i;
                d.loop().execute(() -> { // a ring client's write, as the event pump delivers it
                    Session ring = d.core().open(0, new SilentLink());
                    d.core().handle(ring, Message.of(Op.WRITE, 1, 0, ("/from-ring/" + n + "\0v").getBytes()));
                });
                // No request of our own: the event must arrive by itself.
                assertThat(Payload.strings(watcher.nextMessage().payload())).as("event %d", i).containsExactly("/from-ring/" + n, "w");
            }
        }
    }
}
