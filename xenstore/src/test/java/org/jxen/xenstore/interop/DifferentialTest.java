package org.jxen.xenstore.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.testing.Daemon;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.jxen.xenstore.testing.Step;
import org.jxen.xenstore.testing.Transcript;
import org.jxen.xenstore.testing.XenPeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jxenstored against the real C xenstored 4.17: each scenario of
 * {@code differential/scenarios.txt} runs on a fresh pair of daemons and the two transcripts
 * (every reply and watch event, in order, per connection) must be identical. Covers what a dom0
 * socket client can do; unprivileged-domain behaviour cannot be driven over a socket and is
 * covered by the unit tests.
 */
class DifferentialTest {

    record Scenario(String name, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void needsC() {
        Oracles.require("DifferentialTest", XenPeers.cDaemonMissing());
    }

    static Stream<Scenario> scenarios() throws IOException {
        List<Scenario> out = new ArrayList<>();
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/differential/scenarios.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n");
            String name = null;
            List<Step> steps = null;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith("== ")) {
                    if (name != null) {
                        out.add(new Scenario(name, steps));
                    }
                    name = line.substring(3);
                    steps = new ArrayList<>();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    steps.add(Step.parse(line, "scenarios.txt:" + (i + 1)));
                }
            }
            out.add(new Scenario(name, steps));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameRepliesAsCXenstored(Scenario scenario, @TempDir Path dir) throws IOException {
        assertThat(compare(scenario.steps(), dir)).isNull();
    }

    /** Runs the steps on both daemons; null when they agree, else both transcripts for the failure message. */
    static String compare(List<Step> steps, Path dir) throws IOException {
        Path cDir = Files.createDirectories(dir.resolve("c"));
        String expected;
        try (Daemon c = XenPeers.startPeer("c", cDir)) {
            expected = Transcript.record(c, steps);
        }
        String actual;
        try (Daemon j = new InProcessJxenstored(Files.createDirectories(dir.resolve("j")))) {
            actual = Transcript.record(j, steps);
        }
        return expected.equals(actual) ? null
                : "transcripts differ\n--- C xenstored\n" + expected + "--- jxenstored\n" + actual + firstDifference(expected, actual);
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n");
        String[] y = b.split("\n");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return "--- first difference at line " + (i + 1) + ":\n  C: " + x[i] + "\n  j: " + y[i] + "\n";
            }
        }
        return "--- lengths differ: " + x.length + " vs " + y.length + "\n";
    }
}
