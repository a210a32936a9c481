package org.jxen.xenstore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.client.XsClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The harness itself: both of Xen's daemons start on a socket here, answer, and stop. */
class XenPeersTest {

    @ParameterizedTest
    @ValueSource(strings = {"c", "ocaml"})
    void daemonServesItsSocketAndStops(String kind, @TempDir Path dir) throws IOException {
        Oracles.require("XenPeersTest " + kind, XenPeers.daemonMissing(kind));
        try (Daemon d = XenPeers.startPeer(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            assertThat(d.socket()).isEqualTo(dir.resolve("socket"));
            c.write("/harness/a", "hello");
            assertThat(c.readString("/harness/a")).isEqualTo("hello");
            assertThat(c.directory("/harness")).isEqualTo(List.of("a"));
        }
    }
}
