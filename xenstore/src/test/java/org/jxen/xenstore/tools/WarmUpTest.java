package org.jxen.xenstore.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up replays the whole recorded session over in-process rings, and the rings answer it
 * exactly as a daemon's socket does (the same requests fail).
 */
class WarmUpTest {
    @Test
    void replaysTheRecordedSessionOverRingsAsASocketDaemonAnswersIt(@TempDir Path dir) throws IOException {
        List<String> session;
        try (InputStream in = WarmUp.class.getResourceAsStream(WarmUp.SESSION)) {
            assertThat(in).as("the recorded session is on the classpath").isNotNull();
            session = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        long recorded = session.stream().filter(l -> l.startsWith("IN ")).count();

        TraceReplay.Result r = WarmUp.run();

        assertThat(r.requests()).isEqualTo(recorded).isGreaterThan(1000);
        // Replayed as dom0, a guest's relative paths and a few of libxl's probes fail, as traced.
        assertThat(r.errors()).isPositive().isLessThan(r.requests() / 8);
        try (InProcessJxenstored daemon = new InProcessJxenstored(dir)) {
            assertThat(TraceReplay.replay(daemon.socket(), session)).isEqualTo(r);
        }
    }
}
