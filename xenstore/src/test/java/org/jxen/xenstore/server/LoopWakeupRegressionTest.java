package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.jxen.xenstore.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a task handed to the loop (how ring events reach the core) while the loop was
 * spinning after a socket request could wait until the next socket event, because the spin's
 * non-blocking select cleared the wake-up and the loop then blocked. On real Xen, with every
 * client on a ring, that was a hang (found with xenlab: tools over /dev/xen/xenbus).
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
                d.execute(ran::countDown);
                assertThat(ran.await(5, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
            }
        }
    }
}
