package org.jxen.xenstore.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;

/**
 * Xen's own software on this machine: the C and OCaml XenStore daemons of xen-utils-4.17, run on a
 * Unix socket without a hypervisor, and the client tools of xenstore-utils and xen-utils-4.17.
 * The daemons run with {@code xen-oracles/nohypervisor.c} preloaded (a test resource, compiled here
 * with gcc against libxen-dev's headers), which stands in for event channels, domain info and
 * dom0's ring page and moves the daemons' fixed paths into the daemon's directory. Tests that need
 * one of these go through {@link Oracles} with the reason given by the {@code ...Missing} methods.
 */
public final class XenPeers {
    private static final Path XEN_BIN = Path.of("/usr/lib/xen-4.17/bin");
    public static final Path TEST_XENSTORE = XEN_BIN.resolve("test-xenstore");
    public static final Path C_XENSTORED = XEN_BIN.resolve("xenstored");
    public static final Path OXENSTORED = XEN_BIN.resolve("oxenstored");
    private static final Path XENCTRL_H = Path.of("/usr/include/xenctrl.h");
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static Path shim;

    private XenPeers() {
    }

    /** Why C xenstored cannot run here, or null if it can. */
    public static String cDaemonMissing() {
        return daemonMissing("c");
    }

    /** Why the daemon {@code kind} ("c" or "ocaml") cannot run here, or null if it can. */
    public static String daemonMissing(String kind) {
        Path daemon = binary(kind);
        if (!Files.isExecutable(daemon)) {
            return daemon + " missing (Debian package xen-utils-4.17)";
        }
        if (!Files.exists(XENCTRL_H)) {
            return XENCTRL_H + " missing (Debian package libxen-dev), needed to build the no-hypervisor shim";
        }
        return Commands.toolMissing("gcc");
    }

    private static Path binary(String kind) {
        return switch (kind) {
            case "c" -> C_XENSTORED;
            case "ocaml" -> OXENSTORED;
            default -> throw new IllegalArgumentException("daemon kind must be c or ocaml, got " + kind);
        };
    }

    /** Starts C xenstored (kind "c") or oxenstored ("ocaml") on {@code dir}/socket; close() stops it. */
    public static Daemon startPeer(String kind, Path dir) {
        try {
            return start(kind, dir.toAbsolutePath());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + kind + " daemon in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Daemon start(String kind, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("port"), "1");              // dom0's ring event channel
        Files.write(dir.resolve("kva"), new byte[4096]);           // dom0's ring page
        Files.writeString(dir.resolve("nr_open"), "20000");        // oxenstored's open-file limit
        ProcessBuilder pb = kind.equals("c")
                ? new ProcessBuilder(C_XENSTORED.toString(), "-N")
                : new ProcessBuilder(OXENSTORED.toString(), "--no-fork", "--config-file", oxenstoredConfig(dir).toString());
        pb.environment().putAll(Map.of("LD_PRELOAD", shim().toString(), "NOHYPERVISOR_DIR", dir.toString(),
                "XENSTORED_RUNDIR", dir.toString()));
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
        Process process = pb.start();
        Path socket = dir.resolve("socket");
        String name = kind.equals("c") ? "C xenstored" : "oxenstored";
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!accepts(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not open " + socket + (process.isAlive() ? " within 10 s" : ", it exited")
                        + "; its stderr (" + dir.resolve("stderr.log") + "):\n" + Files.readString(dir.resolve("stderr.log")));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return new Daemon() {
            @Override
            public Path socket() {
                return socket;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** True once the daemon listens: its socket file appears at bind(), before listen(). */
    private static boolean accepts(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Path oxenstoredConfig(Path dir) throws IOException {
        Path conf = dir.resolve("oxenstored.conf");
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(conf, """
                pid-file = %1$s/oxenstored.pid
                quota-activate = true
                persistent = false
                xenstored-log-file = %1$s/log/xenstored.log
                access-log-file = %1$s/log/access.log
                xenstored-kva = %1$s/kva
                xenstored-port = %1$s/port
                """.formatted(dir));
        return conf;
    }

    /** The no-hypervisor shim, compiled once per test JVM. */
    private static synchronized Path shim() throws IOException {
        if (shim == null) {
            Path dir = Files.createTempDirectory("jxen-nohypervisor");
            Path source = dir.resolve("nohypervisor.c");
            try (InputStream in = XenPeers.class.getResourceAsStream("/xen-oracles/nohypervisor.c")) {
                if (in == null) {
                    throw new IOException("test resource xen-oracles/nohypervisor.c not on the class path");
                }
                Files.copy(in, source);
            }
            Path library = dir.resolve("nohypervisor.so");
            Commands.run(List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-o", library.toString(), source.toString(), "-ldl"));
            shim = library;
        }
        return shim;
    }
}
