package org.jxen.xenstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/jxenstored} started as its own process, the way an operator runs it, with a pid file
 * and a trace file in a private directory. Needs the module compiled (Maven's test phase is).
 */
public final class JxenstoredProcess implements Daemon {
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private final Path dir;
    private final Process process;

    public JxenstoredProcess(Path dir, String... extraArgs) {
        this.dir = dir;
        List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "-N", "--socket", socket().toString(),
                "--pid-file", pidFile().toString(), "--trace", traceFile().toString()));
        cmd.addAll(List.of(extraArgs));
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jxenstored.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        awaitSocket();
    }

    /** The checkout's {@code bin/jxenstored}, found from the module directory tests run in. */
    public static Path launcher() {
        for (Path p : List.of(Path.of("..", "bin", "jxenstored"), Path.of("bin", "jxenstored"))) {
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("bin/jxenstored not found from " + Path.of("").toAbsolutePath());
    }

    private void awaitSocket() {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("jxenstored exited with " + process.exitValue() + ": " + log());
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(socket()));
                if (Files.exists(pidFile())) { // written right after the socket is bound
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.onExit().completeOnTimeout(null, 20, TimeUnit.MILLISECONDS).join();
        }
        throw new AssertionError("jxenstored did not open " + socket() + " within " + START_DEADLINE + ": " + log());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("jxenstored.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public Process process() {
        return process;
    }

    public Path pidFile() {
        return dir.resolve("jxenstored.pid");
    }

    public Path traceFile() {
        return dir.resolve("trace");
    }

    @Override
    public Path socket() {
        return dir.resolve("socket");
    }

    @Override
    public String name() {
        return "bin/jxenstored";
    }

    /** Sends SIGTERM and waits for the process to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
