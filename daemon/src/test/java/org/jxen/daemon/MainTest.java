package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/jxend}'s command line in a process of its own, as an administrator runs it. */
class MainTest {
    @TempDir
    Path dir;

    /** A port another program holds: one line saying so, status 1, no stack trace. */
    @Test
    void aTakenPortIsSaidInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process jxend = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "org.jxen.daemon.Main", "--host", "sim:laptop", "--state-dir", dir.toString(), "--socket", "off",
                    "--http-port", Integer.toString(taken.getLocalPort()), "--https-port", "off")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(jxend.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jxend.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(jxend.exitValue()).as(err).isEqualTo(1);
            assertThat(err.lines().filter(l -> l.startsWith("jxend:")).toList()).containsExactly(
                    "jxend: cannot start: Failed to bind to /127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
            assertThat(err).doesNotContain("\tat ");
        }
    }
}
