package org.jxen.xenstore.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jxen.xen.Dom0Ring;
import org.jxen.xen.Niceness;
import org.jxen.xenstore.server.xen.XenDomainConnector;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.tools.TraceReplay;
import org.jxen.xenstore.tools.WarmUp;

/**
 * {@code jxenstored}: the XenStore daemon. Runs in the foreground until SIGTERM or SIGINT, then
 * closes every connection and removes its socket and pid file.
 */
public final class Main {
    static final String USAGE = """
            usage: jxenstored [options]
              --socket PATH        listen on PATH (default $XENSTORED_RUNDIR/socket, else /var/run/xenstored/socket)
              -F, --pid-file FILE  write the daemon's pid to FILE (removed on exit)
              -T, --trace FILE     append one line per message in and out to FILE
              -Q, --quota NAME=N   set a per-domain quota (nodes, watches, transactions, outstanding,
                                   transaction-nodes, memory, node-size, path-max, permissions; 0 = none)
              --spin-micros N      after a request, poll this long for the next before sleeping
                                   (default 50; 0 saves CPU on a busy host at the cost of latency)
              --warm-up            while serving, replay a recorded xl create session against a scratch
                                   store so that the first real requests find compiled code
              --no-xen             serve the socket only, even in a Xen dom0 (default: when /proc/xen/xsd_kva
                                   exists, also serve dom0's ring and the rings of introduced domains)
              -E N, -S N, -W N, -t N, -A N, -M N
                                   C xenstored's quota options: nodes, node-size, watches, transactions,
                                   permissions, path-max
              -P, --output-pid     print the daemon's pid on standard output once it listens
              -N, --no-fork        stay in the foreground (without it, bin/jxenstored detaches once the
                                   daemon listens, as C xenstored forks)
              -h, --help           this text
            """;

    /** The parsed command line. */
    record Options(Path socket, Path pidFile, Path traceFile, Quota quota, int spinMicros, boolean xen, boolean warmUp,
                   boolean outputPid) {
    }

    private Main() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args, System.getenv("XENSTORED_RUNDIR"));
        } catch (IllegalArgumentException e) {
            System.err.println("jxenstored: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        try {
            run(options, System.err);
        } catch (IOException e) {
            System.err.println("jxenstored: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes the pid file whole at once: a temporary file moved into place, so that a reader (an
     * init script, a test that saw the socket appear) never finds it empty (seen once in a test).
     */
    private static void writePidFile(Path pidFile) throws IOException {
        Path written = pidFile.resolveSibling(pidFile.getFileName() + ".new");
        Files.writeString(written, ProcessHandle.current().pid() + "\n");
        Files.move(written, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void run(Options options, PrintStream log) throws IOException {
        Trace trace = options.traceFile() == null ? Trace.NONE : Trace.toFile(options.traceFile(), Clock.systemUTC());
        XenDomainConnector xen = options.xen() && Dom0Ring.available() ? XenDomainConnector.begin(options.quota().outstanding()) : null;
        XenStoreCore core = new XenStoreCore(options.quota(), xen == null ? DomainConnector.NONE : xen, trace);
        CoreLoop loop = new CoreLoop(options.spinMicros());
        // Bind first: a daemon already listening there keeps its socket and its pid file.
        new SocketTransport(loop, core, options.socket());
        if (options.pidFile() != null) {
            writePidFile(options.pidFile());
        }
        Thread loopThread = Thread.ofPlatform().name("xenstore-core").start(loop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.close();
            try {
                loopThread.join(5000);
                if (options.pidFile() != null) {
                    Files.deleteIfExists(options.pidFile());
                }
            } catch (InterruptedException | IOException e) {
                log.println("jxenstored: shutdown: " + e.getMessage());
            }
        }));
        log.println("jxenstored: listening on " + options.socket());
        if (options.outputPid()) {
            System.out.println(ProcessHandle.current().pid());
        }
        if (xen != null) {
            try {
                xen.start(core, loop);
            } catch (RuntimeException e) {
                throw new IOException("cannot serve Xen's rings: " + e.getMessage(), e);
            }
            log.println("jxenstored: serving dom0's ring (" + Dom0Ring.KVA + ") and introduced domains' rings");
        }
        if (options.warmUp()) {
            warmUp(log); // this thread has nothing else to do: the loop serves meanwhile
        }
        try {
            loopThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replays the recorded session against a scratch daemon while the real one already serves, on
     * CPU time nothing else wants: it only speeds up the first requests (compiled code), so a
     * failure costs nothing but that.
     */
    private static void warmUp(PrintStream log) {
        long start = System.nanoTime();
        try {
            Niceness.lowest(); // in a 2-vCPU dom0 it would otherwise compete with the toolstack's first requests
            TraceReplay.Result r = WarmUp.run();
            log.println("jxenstored: warmed up on " + r.requests() + " recorded requests in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IOException | RuntimeException e) {
            log.println("jxenstored: warm-up skipped: " + e);
        }
    }

    /** Parses the command line; null means --help. */
    static Options parse(String[] args, String rundir) {
        Path socket = Path.of(rundir == null || rundir.isEmpty() ? "/var/run/xenstored" : rundir, "socket");
        Path pidFile = null;
        Path traceFile = null;
        Quota quota = Quota.DEFAULTS;
        int spinMicros = CoreLoop.DEFAULT_SPIN_MICROS;
        boolean xen = true;
        boolean warmUp = false;
        boolean outputPid = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--socket" -> socket = Path.of(value(rest, arg));
                case "-F", "--pid-file" -> pidFile = Path.of(value(rest, arg));
                case "-T", "--trace", "--trace-file" -> traceFile = Path.of(value(rest, arg));
                case "-Q", "--quota" -> quota = withQuota(quota, value(rest, arg));
                case "--spin-micros" -> spinMicros = number(value(rest, arg), arg);
                case "--no-xen" -> xen = false;
                case "--warm-up" -> warmUp = true;
                case "-P", "--output-pid" -> outputPid = true;
                case "-E", "--entry-nb" -> quota = withQuota(quota, "nodes=" + value(rest, arg));
                case "-S", "--entry-size" -> quota = withQuota(quota, "node-size=" + value(rest, arg));
                case "-W", "--watch-nb" -> quota = withQuota(quota, "watches=" + value(rest, arg));
                case "-t", "--transaction" -> quota = withQuota(quota, "transactions=" + value(rest, arg));
                case "-A", "--perm-nb" -> quota = withQuota(quota, "permissions=" + value(rest, arg));
                case "-M", "--path-max" -> quota = withQuota(quota, "path-max=" + value(rest, arg));
                case "-N", "--no-fork" -> { }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new Options(socket, pidFile, traceFile, quota, spinMicros, xen, warmUp, outputPid);
    }

    private static String value(List<String> rest, String option) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    private static Quota withQuota(Quota quota, String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0 || !spec.substring(eq + 1).matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("--quota expects NAME=N with N a number, got '" + spec + "'");
        }
        return quota.with(spec.substring(0, eq), Integer.parseInt(spec.substring(eq + 1)));
    }

    private static int number(String value, String option) {
        if (!value.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException(option + " expects a number of microseconds, got '" + value + "'");
        }
        return Integer.parseInt(value);
    }
}
