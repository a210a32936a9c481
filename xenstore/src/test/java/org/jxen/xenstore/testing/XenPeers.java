package org.jxen.xenstore.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Xen's own software on this machine: the C and OCaml daemons run by
 * {@code shared/tools/xenstore-peers/peer-xenstored}, and the client tools of xenstore-utils and
 * xen-utils-4.17. Tests that need one call {@code Assumptions.assumeTrue(...)} with the reason
 * given by {@link #missing}, so a machine without them skips with a printed reason.
 */
public final class XenPeers {
    public static final Path TEST_XENSTORE = Path.of("/usr/lib/xen-4.17/bin/test-xenstore");
    public static final Path C_XENSTORED = Path.of("/usr/lib/xen-4.17/bin/xenstored");

    private XenPeers() {
    }

    /** The peer-xenstored script beside the checkout ({@code ../shared}), or $JXEN_SHARED/tools/... */
    public static Optional<Path> peerScript() {
        String shared = System.getenv("JXEN_SHARED");
        List<Path> candidates = shared != null
                ? List.of(Path.of(shared))
                : List.of(Path.of("..", "..", "shared"), Path.of("..", "shared"));
        return candidates.stream()
                .map(p -> p.resolve("tools/xenstore-peers/peer-xenstored").toAbsolutePath().normalize())
                .filter(Files::isExecutable).findFirst();
    }

    /** Why the C daemon cannot run here, or null if it can. */
    public static String cDaemonMissing() {
        if (peerScript().isEmpty()) {
            return "shared/tools/xenstore-peers/peer-xenstored not found beside the checkout (set JXEN_SHARED)";
        }
        return Files.isExecutable(C_XENSTORED) ? null : C_XENSTORED + " missing (Debian package xen-utils-4.17)";
    }

    /** Skips the calling test (printing why) unless C xenstored can run here. */
    public static void assumeCDaemon(String who) {
        String missing = cDaemonMissing();
        if (missing != null) {
            System.out.println(who + " skipped: " + missing);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, missing);
    }

    public static String toolMissing(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return null;
            }
        }
        return tool + " not installed (Debian package xenstore-utils)";
    }

    /** Starts C xenstored (kind "c") or oxenstored ("ocaml") on a socket in {@code dir}. */
    public static Daemon startPeer(String kind, Path dir) {
        Path script = peerScript().orElseThrow();
        run(List.of(script.toString(), "start", kind, dir.toString()));
        return new Daemon() {
            @Override
            public Path socket() {
                return dir.resolve("socket");
            }

            @Override
            public String name() {
                return kind.equals("c") ? "C xenstored" : "oxenstored";
            }

            @Override
            public void close() {
                run(List.of(script.toString(), "stop", dir.toString()));
            }
        };
    }

    /** Runs a command to completion; returns its stdout, throws with its stderr when it fails. */
    public static String run(List<String> command) {
        return run(command, java.util.Map.of());
    }

    public static String run(List<String> command, java.util.Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            Path err = Files.createTempFile("cmd", ".err");
            Path outFile = Files.createTempFile("cmd", ".out");
            pb.redirectError(err.toFile()).redirectOutput(outFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s");
            }
            String out = Files.readString(outFile, StandardCharsets.UTF_8);
            String stderr = Files.readString(err);
            Files.delete(err);
            Files.delete(outFile);
            if (p.exitValue() != 0) {
                throw new CommandFailed(command, p.exitValue(), out, stderr);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        }
    }

    /** A command that exited non-zero. */
    public static final class CommandFailed extends AssertionError {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        CommandFailed(List<String> command, int exitCode, String stdout, String stderr) {
            super(command + " exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }
}
