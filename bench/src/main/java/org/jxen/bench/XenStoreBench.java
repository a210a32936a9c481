package org.jxen.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.xenstore.client.XsClient;

/**
 * jxenstored, C xenstored and oxenstored side by side, in one run, on one machine, driven by the
 * same load generator ({@code shared/tools/xenstore-peers/xsbench.c}, raw socket, C).
 *
 * <pre>
 *   ./jxen build && bench/xenstore-bench [SECONDS_PER_RUN]      (default 5)
 * </pre>
 *
 * Prints a Markdown table of requests per second (and latency at depth 1) for each daemon:
 * reads and writes with 1 and 16 requests in flight, transactions, reads with 1000 idle
 * connections open, and writes with 1000 watches registered on another subtree.
 */
public final class XenStoreBench {
    private static final Pattern OPS = Pattern.compile("ops/s (\\d+)");
    private static final Pattern LAT = Pattern.compile("p50_us ([0-9.]+) p99_us ([0-9.]+)");

    record Run(String name, String mode, int depth, int idle, int watches) {
    }

    record Result(long opsPerSecond, String latency) {
    }

    private final Path root;
    private final Path work;
    private final Path xsbench;
    private final int seconds;

    XenStoreBench(Path root, Path work, int seconds) {
        this.root = root;
        this.work = work;
        this.xsbench = work.resolve("xsbench");
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("jxen.root", ".")).toAbsolutePath().normalize();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("xsbench");
        new XenStoreBench(root, work, seconds).runAll();
    }

    private Path shared() {
        String env = System.getenv("JXEN_SHARED");
        return env != null ? Path.of(env) : root.resolveSibling("shared");
    }

    void runAll() throws Exception {
        run(List.of("gcc", "-O2", "-o", xsbench.toString(), shared().resolve("tools/xenstore-peers/xsbench.c").toString()));
        List<Run> runs = List.of(
                new Run("read, 1 in flight", "read", 1, 0, 0),
                new Run("write, 1 in flight", "write", 1, 0, 0),
                new Run("read, 16 in flight", "read", 16, 0, 0),
                new Run("write, 16 in flight", "write", 16, 0, 0),
                new Run("transactions (start, read, write, commit)", "tx", 1, 0, 0),
                new Run("read, 1 in flight, 1000 idle connections", "read", 1, 1000, 0),
                new Run("write, 16 in flight, 1000 watches elsewhere", "write", 16, 0, 1000));
        Map<String, Map<Run, Result>> results = new LinkedHashMap<>();
        for (String daemon : List.of("jxenstored", "C xenstored", "oxenstored")) {
            Map<Run, Result> byRun = new LinkedHashMap<>();
            for (Run r : runs) {
                byRun.put(r, measure(daemon, r));
                System.err.println(daemon + " / " + r.name() + ": " + byRun.get(r));
            }
            results.put(daemon, byRun);
        }
        System.out.println(table(runs, results));
    }

    /** A fresh daemon per measurement, so that no run inherits another's nodes or connections. */
    private Result measure(String daemon, Run r) throws Exception {
        Path dir = Files.createDirectories(work.resolve(daemon.replace(' ', '-') + "-" + r.mode() + r.depth() + "-" + r.idle() + "-" + r.watches()));
        Process jxen = null;
        Path socket;
        String peer = daemon.equals("C xenstored") ? "c" : "ocaml";
        if (daemon.equals("jxenstored")) {
            socket = dir.resolve("socket");
            jxen = new ProcessBuilder(root.resolve("bin/jxenstored").toString(), "-N", "--socket", socket.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            awaitSocket(socket);
        } else {
            run(List.of(shared().resolve("tools/xenstore-peers/peer-xenstored").toString(), "start", peer, dir.toString()));
            socket = dir.resolve("socket");
        }
        try (XsClient watcher = r.watches() > 0 ? XsClient.connect(socket) : null) {
            for (int i = 0; i < r.watches(); i++) {
                watcher.watch("/elsewhere/w" + i, "t" + i, e -> { });
            }
            if (daemon.equals("jxenstored")) {
                xsbenchRun(socket, r.mode(), r.depth(), 2, r.idle()); // JIT warm-up, not measured
            }
            return xsbenchRun(socket, r.mode(), r.depth(), seconds, r.idle());
        } finally {
            if (jxen != null) {
                jxen.destroy();
                jxen.waitFor(10, TimeUnit.SECONDS);
            } else {
                run(List.of(shared().resolve("tools/xenstore-peers/peer-xenstored").toString(), "stop", dir.toString()));
            }
        }
    }

    private Result xsbenchRun(Path socket, String mode, int depth, int secs, int idle) throws IOException, InterruptedException {
        String out = run(List.of(xsbench.toString(), socket.toString(), mode, Integer.toString(depth), Integer.toString(secs), Integer.toString(idle)));
        Matcher ops = OPS.matcher(out);
        if (!ops.find()) {
            throw new IOException("xsbench printed no ops/s: " + out);
        }
        Matcher lat = LAT.matcher(out);
        return new Result(Long.parseLong(ops.group(1)), lat.find() && depth == 1 ? lat.group(1) + " / " + lat.group(2) : "");
    }

    /** Waits until the daemon accepts connections (the socket file appears just before it listens). */
    static void awaitSocket(Path socket) throws InterruptedException, IOException {
        for (int i = 0; i < 400; i++) {
            try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                probe.connect(java.net.UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException notYet) {
                Thread.sleep(25); // another process is starting; there is no event to wait on
            }
        }
        throw new IOException("jxenstored did not listen on " + socket);
    }

    static String table(List<Run> runs, Map<String, Map<Run, Result>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | jxenstored req/s | C xenstored req/s | oxenstored req/s | jxen / C | p50 / p99 µs (jxen, C, ox) |\n");
        sb.append("|---|---:|---:|---:|---:|---|\n");
        for (Run r : runs) {
            Result j = results.get("jxenstored").get(r);
            Result c = results.get("C xenstored").get(r);
            Result o = results.get("oxenstored").get(r);
            sb.append(String.format("| %s | %d | %d | %d | %.2f× | %s |%n", r.name(), j.opsPerSecond(), c.opsPerSecond(), o.opsPerSecond(),
                    (double) j.opsPerSecond() / c.opsPerSecond(),
                    j.latency().isEmpty() ? "" : j.latency() + "; " + c.latency() + "; " + o.latency()));
        }
        return sb.toString();
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
