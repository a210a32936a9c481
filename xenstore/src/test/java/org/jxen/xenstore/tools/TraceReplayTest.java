package org.jxen.xenstore.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying a jxenstored trace: connections kept apart, traced transaction ids mapped to live ones. */
class TraceReplayTest {
    private static final String TRACE = """
            IN  socket#3/dom0 2026-11-21T06:00:00.000Z TRANSACTION_START req=1 tx=0 (\\0)
            OUT socket#3/dom0 2026-11-21T06:00:00.001Z TRANSACTION_START req=1 tx=0 (4711\\0)
            IN  socket#4/dom0 2026-11-21T06:00:00.002Z WRITE req=1 tx=0 (/r/outside\\0x)
            OUT socket#4/dom0 2026-11-21T06:00:00.003Z WRITE req=1 tx=0 (OK\\0)
            a line the daemon wrote that is not a message
            IN  socket#3/dom0 2026-11-21T06:00:00.004Z WRITE req=2 tx=4711 (/r/inside\\0\\x5cy)
            OUT socket#3/dom0 2026-11-21T06:00:00.005Z WRITE req=2 tx=4711 (OK\\0)
            IN  socket#3/dom0 2026-11-21T06:00:00.006Z TRANSACTION_END req=3 tx=4711 (T\\0)
            OUT socket#3/dom0 2026-11-21T06:00:00.007Z TRANSACTION_END req=3 tx=4711 (OK\\0)
            IN  socket#3/dom0 2026-11-21T06:00:00.008Z READ req=4 tx=0 (/r/missing\\0)
            OUT socket#3/dom0 2026-11-21T06:00:00.009Z ERROR req=4 tx=0 (ENOENT\\0)
            """;

    @Test
    void replaysConnectionsAndTransactionsAsTraced(@TempDir Path dir) throws IOException {
        Path trace = Files.writeString(dir.resolve("session.trace"), TRACE);
        try (InProcessJxenstored d = new InProcessJxenstored(dir.resolve("d"))) {
            TraceReplay.Result r = TraceReplay.replay(d.socket(), Files.readAllLines(trace));
            assertThat(r).isEqualTo(new TraceReplay.Result(5, 2, 1));
            try (XsClient c = XsClient.connect(d.socket())) {
                assertThat(c.readString("/r/inside")).isEqualTo("\\y");
                assertThat(c.readString("/r/outside")).isEqualTo("x");
            }
        }
    }
}
