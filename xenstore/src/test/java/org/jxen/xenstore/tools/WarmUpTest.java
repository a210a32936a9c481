package org.jxen.xenstore.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The warm-up replays the whole recorded session and leaves nothing behind. */
class WarmUpTest {
    @Test
    void replaysTheRecordedSessionAndCleansUp() throws IOException {
        long recorded;
        try (var in = WarmUp.class.getResourceAsStream(WarmUp.SESSION)) {
            assertThat(in).as("the recorded session is on the classpath").isNotNull();
            recorded = new String(in.readAllBytes()).lines().filter(l -> l.startsWith("IN ")).count();
        }
        Set<Path> before = scratchDirs();
        TraceReplay.Result r = WarmUp.run();
        assertThat(r.requests()).isEqualTo(recorded).isGreaterThan(1000);
        // Replayed as dom0 over sockets, a guest's relative paths and a few of libxl's probes fail, as traced.
        assertThat(r.errors()).isLessThan(r.requests() / 8);
        assertThat(scratchDirs()).as("the scratch daemon's directory is gone").isSubsetOf(before);
    }

    private static Set<Path> scratchDirs() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("jxenstored-warm-up")).collect(Collectors.toSet());
        }
    }
}
