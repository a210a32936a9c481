package org.jxen.toolstack.libxl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jxen.hv.sim.SimMachine;
import org.jxen.hv.sim.Topology;
import org.jxen.xenstore.client.XsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which domains jxend acts on survives its restart, through XenStore (jxenstored here, dom0's on
 * Xen), and an entry whose domain is gone, or whose ID now names another domain, is dropped.
 */
class OwnershipTest {
    private static final UUID MINE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void aRestartedToolstackOwnsWhatItOwnedAndForgetsWhatIsGone(@TempDir Path dir) throws Exception {
        try (SimMachine machine = new SimMachine(Topology.laptop(), 1, dir.resolve("xs.sock"));
             XsClient xs = XsClient.connect(machine.socket())) {
            Ownership before = Ownership.load(xs, Map.of(0, OTHER));
            before.take(3, MINE);
            before.take(4, MINE);
            before.take(5, MINE);
            before.release(5);
            assertThat(xs.readOrNull(Ownership.DIR + "/3")).isEqualTo(MINE.toString());
            assertThat(xs.exists(Ownership.DIR + "/5")).isFalse();
            xs.write(Ownership.DIR + "/junk", "x");

            // after the restart domain 3 is still there; domain 4 went, and its ID is another domain's
            Ownership after = Ownership.load(xs, Map.of(0, OTHER, 3, MINE, 4, OTHER));
            assertThat(after.owns(3)).isTrue();
            assertThat(after.owns(4)).isFalse();
            assertThat(after.owns(5)).isFalse();
            assertThat(xs.directory(Ownership.DIR)).containsExactly("3");
            after.release(3);
            assertThat(xs.directory(Ownership.DIR)).isEmpty();
        }
    }
}
