package org.jxen.xenstore.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxen.xen.testing.Commands;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.testing.JxenstoredProcess;
import org.jxen.xenstore.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/jxenstored} as a process: pid file, trace file, clean stop on SIGTERM, start-up errors. */
class DaemonProcessTest {

    @Test
    void writesPidFileAndTraceAndCleansUpOnSigterm(@TempDir Path dir) throws Exception {
        JxenstoredProcess d = new JxenstoredProcess(dir);
        long pid = Long.parseLong(Files.readString(d.pidFile()).strip());
        assertThat(pid).isEqualTo(d.process().pid()); // the launcher execs java
        try (RawConnection c = new RawConnection(d.socket())) {
            List<Message> reply = c.call(Op.WRITE, 7, 0, "/traced\0value".getBytes());
            assertThat(reply).singleElement().extracting(Message::type).isEqualTo(Op.WRITE.code());
        }
        d.close(); // SIGTERM
        assertThat(d.process().exitValue()).isIn(0, 143);
        assertThat(d.pidFile()).doesNotExist();
        assertThat(d.socket()).doesNotExist();
        List<String> trace = Files.readAllLines(d.traceFile());
        assertThat(trace).anySatisfy(l -> assertThat(l).startsWith("IN ").contains("WRITE req=7 tx=0 (/traced\\0value)"));
        assertThat(trace).anySatisfy(l -> assertThat(l).startsWith("OUT").contains("WRITE req=7 tx=0 (OK\\0)"));
    }

    @Test
    void refusesASocketAnotherDaemonListensOn(@TempDir Path dir) throws Exception {
        try (JxenstoredProcess first = new JxenstoredProcess(dir)) {
            Process second = new ProcessBuilder(JxenstoredProcess.launcher().toString(), "-N", "--socket", first.socket().toString())
                    .redirectErrorStream(true).start();
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(new String(second.getInputStream().readAllBytes()))
                    .contains("another XenStore daemon is listening on " + first.socket());
            try (RawConnection c = new RawConnection(first.socket())) {
                assertThat(c.call(Op.READ, 1, 0, "/\0".getBytes())).singleElement()
                        .extracting(Message::type).isEqualTo(Op.READ.code());
            }
        }
    }

    @Test
    void replacesAStaleSocketFile(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("socket"));
        try (JxenstoredProcess d = new JxenstoredProcess(dir); RawConnection c = new RawConnection(d.socket())) {
            assertThat(c.call(Op.READ, 1, 0, "/\0".getBytes())).singleElement()
                    .extracting(Message::type).isEqualTo(Op.READ.code());
        }
    }

    @Test
    void badOptionsExitTwoWithUsage(@TempDir Path dir) {
        java.util.Map<String, String> env = java.util.Map.of("JXENSTORED_LOG", dir.resolve("log").toString());
        Commands.CommandFailed f = org.assertj.core.api.Assertions.catchThrowableOfType(Commands.CommandFailed.class,
                () -> Commands.run(List.of(JxenstoredProcess.launcher().toString(), "--quota", "nodes=lots"), env));
        assertThat(f.exitCode).isEqualTo(2);
        assertThat(f.stderr).contains("--quota expects NAME=N with N a number, got 'nodes=lots'").contains("usage: jxenstored");
        Commands.CommandFailed g = org.assertj.core.api.Assertions.catchThrowableOfType(Commands.CommandFailed.class,
                () -> Commands.run(List.of(JxenstoredProcess.launcher().toString(), "-N", "--quota", "bogus=1")));
        assertThat(g.stderr).contains("unknown quota 'bogus'");
        assertThat(Commands.run(List.of(JxenstoredProcess.launcher().toString(), "--help"))).contains("--pid-file");
    }

    @Test
    void detachesOnceListeningByDefaultAndTakesXenstoredsQuotaOptions(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("socket");
        Path pidFile = dir.resolve("pid");
        Commands.run(List.of(JxenstoredProcess.launcher().toString(), "--socket", socket.toString(),
                "--pid-file", pidFile.toString(), "-W", "1"), java.util.Map.of("JXENSTORED_LOG", dir.resolve("log").toString()));
        // The launcher returned: the daemon already listens, detached.
        try (RawConnection c = new RawConnection(socket)) {
            assertThat(c.call(Op.CONTROL, 1, 0, "quota\0".getBytes()).getLast().payload())
                    .asString().contains("watches          :        1 Watches per domain");
        } finally {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        }
        assertThat(socket).doesNotExist();
    }
}
