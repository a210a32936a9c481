package org.jxen.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jxen.config.DomainConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.SimMachine;
import org.jxen.hv.sim.Topology;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.java.HostTime;
import org.jxen.toolstack.java.JavaToolstack;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsConnection;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.server.CoreLoop;
import org.jxen.xenstore.server.Session;
import org.jxen.xenstore.server.SocketTransport;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.inproc.InProcessConnector;
import org.jxen.xenstore.store.Quota;

/**
 * Issue 15's toolstack targets, on the simulated host with jxenstored in this process (a
 * {@link SimMachine} on the 64-thread epyc preset). The domain: PV, 64 MiB, 1 vCPU, its console,
 * a vbd on a raw image file (blkback over a loop device, as libxl on Linux serves a file) and a vif;
 * every create waits for the frontends to be Connected. The figures are wall time; the simulated
 * guest kernel boots one simulated second after unpause, which the create's wait runs through.
 * <ol>
 * <li>TS-1: create latency, median and p99 over CREATES creates (each destroyed) after a warm-up.
 * <li>TS-2, TS-3, TS-4: 1,000 domains that stay up: the last 20 creates' median against the
 *     first 20's; the time to create them all; the time to destroy them all.
 * <li>TS-5: the XenStore requests the toolstack's connection sends for one create (and one
 *     destroy), by type.
 * </ol>
 * Then a profile of the creates: wall time inside the toolstack's waits (the simulated host
 * running), the XenStore requests, and a sample of where the creating thread is.
 *   usage: ToolstackBench [CREATES [DOMAINS]]
 */
public final class ToolstackBench {
    private static final Duration FRONTENDS = Duration.ofSeconds(30);
    private static final CreateOptions OPTIONS = CreateOptions.DEFAULT.awaitingFrontends(FRONTENDS);
    private static final int WARM_UP = 300;
    private static final int EDGE = 20;

    private ToolstackBench() {
    }

    public static void main(String[] args) throws Exception {
        int creates = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int domains = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("toolstack-bench");
        Path kernel = dir.resolve("vmlinuz");
        Files.write(kernel, new byte[] {0x7f, 'E', 'L', 'F'});
        Path image = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(64L << 20); // a sparse raw image
        }
        System.out.printf("toolstack bench: SimMachine on epyc (%d threads), jxenstored in process; PV, 64 MiB,"
                + " 1 vCPU, console + vbd (raw file, blkback) + vif, frontends Connected%n",
                Topology.epyc().cpus());

        if (creates > 0) {
            latency(dir, kernel, image, creates);
        }
        if (domains > 0) {
            scale(dir, kernel, image, domains);
        }
        restore(dir, kernel);
    }

    /**
     * TS-6: save a 1 GiB guest whose memory it has written, then time its restore, beside dd
     * reading the same image on the same file system (both from the page cache the save left, so
     * the comparison is the toolstack against the file system, not against a cold disk). Beside
     * the save, dd writing the same image with fsync, as the save does; beside the restore, the
     * time this JVM takes to get 1 GiB of fresh memory, which the simulated host pays to give the
     * new domain its memory (Xen does at build).
     */
    private static void restore(Path dir, Path kernel) throws Exception {
        try (Bench b = new Bench(dir.resolve("restore.sock"))) {
            String text = "name = \"big\"\nkernel = \"" + kernel + "\"\nmemory = 1024\nvcpus = 2\nvif = ['']\n";
            Domain d = b.toolstack.create(XlDomainReader.read(XlConfigParser.parse("big.cfg", text)).config(), OPTIONS);
            b.host.setDirtyRate(d.domid(), 1_000_000); // writes its frames, so the image holds data, not zero pages
            b.host.runFor(300_000_000L);
            b.host.setDirtyRate(d.domid(), 0);
            Path image = dir.resolve("big.save");
            long t0 = System.nanoTime();
            b.toolstack.save(d.domid(), image, false);
            long saved = System.nanoTime() - t0;
            long bytes = Files.size(image);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu1 = threads.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            Domain back = b.toolstack.restore(image, CreateOptions.DEFAULT.paused(true));
            long restored = System.nanoTime() - t1;
            long restoredCpu = threads.getCurrentThreadCpuTime() - cpu1;
            long ddRead = dd("if=" + image, "of=/dev/null", "bs=4M");
            long ddWrite = dd("if=" + image, "of=" + dir.resolve("big.copy"), "bs=4M", "conv=fsync");
            long t2 = System.nanoTime();
            try (Arena arena = Arena.ofConfined()) {
                arena.allocate(1L << 30, 4096);
            }
            long fresh = System.nanoTime() - t2;
            System.out.printf("TS-6 restore of a 1 GiB domain: %.2f GB/s (%.0f MB image in %.2f s, %.2f s of it on the"
                    + " restoring thread's CPU); dd reading the same file: %.2f GB/s; 1 GiB of fresh memory in this JVM:"
                    + " %.2f s%n", bytes / (restored / 1e9) / 1e9, bytes / 1e6, restored / 1e9, restoredCpu / 1e9,
                    bytes / (ddRead / 1e9) / 1e9, fresh / 1e9);
            System.out.printf("     save: %.2f s; dd writing the same file with fsync: %.2f s%n", saved / 1e9,
                    ddWrite / 1e9);
            b.toolstack.destroy(back.domid());
            Files.delete(image);
            Files.delete(dir.resolve("big.copy"));
        }
    }

    /** Runs dd with {@code operands}; returns its wall time in ns. */
    private static long dd(String... operands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dd"));
        command.addAll(List.of(operands));
        long t0 = System.nanoTime();
        Process dd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(dd.getInputStream().readAllBytes());
        if (dd.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return System.nanoTime() - t0;
    }

    /** TS-1 and TS-5, and the profile: creates and destroys one domain at a time. */
    private static void latency(Path dir, Path kernel, Path image, int creates) throws Exception {
        try (Bench b = new Bench(dir.resolve("latency.sock"))) {
            DomainConfig first = config(kernel, image, "warm-0");
            Domain d = b.toolstack.create(first, OPTIONS);
            for (DeviceStatus.Kind kind : List.of(DeviceStatus.Kind.VBD, DeviceStatus.Kind.VIF)) {
                List<DeviceStatus> ds = b.toolstack.devices(d.domid(), kind);
                if (ds.size() != 1) {
                    throw new IllegalStateException(ds.size() + " " + kind + " devices, not 1");
                }
                for (DeviceStatus s : ds) {
                    if (s.frontendState() != DeviceStatus.CONNECTED) {
                        throw new IllegalStateException(kind + " " + s.devid() + " frontend state "
                                + s.frontendState() + ", not Connected");
                    }
                }
            }
            b.toolstack.destroy(d.domid());
            for (int i = 1; i < WARM_UP; i++) {
                b.toolstack.destroy(b.toolstack.create(config(kernel, image, "warm-" + i), OPTIONS).domid());
            }

            long[] wall = new long[creates];
            long[] destroyWall = new long[creates];
            long[] waitWall = new long[creates];
            long[] virtual = new long[creates];
            long[] checks = new long[creates];
            long[] requests = new long[creates];
            CountingChannel.Counts createCounts = null;
            CountingChannel.Counts destroyCounts = null;
            CountingChannel.Counts allCreates = CountingChannel.Counts.none();
            CountingChannel.Counts allDestroys = CountingChannel.Counts.none();
            long[] roundTrips = new long[creates];
            for (int i = 0; i < creates; i++) {
                DomainConfig c = config(kernel, image, "lat-" + i);
                CountingChannel.Counts before = b.counter.snapshot();
                long waitBefore = b.time.waitNs;
                long checksBefore = b.time.checks;
                long vBefore = b.host.now();
                long t0 = System.nanoTime();
                Domain dom = b.toolstack.create(c, OPTIONS);
                long t1 = System.nanoTime();
                CountingChannel.Counts made = b.counter.snapshot();
                b.toolstack.destroy(dom.domid());
                long t2 = System.nanoTime();
                CountingChannel.Counts gone = b.counter.snapshot();
                wall[i] = t1 - t0;
                destroyWall[i] = t2 - t1;
                waitWall[i] = b.time.waitNs - waitBefore;
                checks[i] = b.time.checks - checksBefore;
                virtual[i] = b.host.now() - vBefore;
                CountingChannel.Counts oneCreate = made.minus(before);
                requests[i] = oneCreate.total();
                roundTrips[i] = oneCreate.waitingNs();
                allCreates = allCreates.plus(oneCreate);
                allDestroys = allDestroys.plus(gone.minus(made));
                if (createCounts == null) {
                    createCounts = oneCreate;
                    destroyCounts = gone.minus(made);
                }
            }
            System.out.printf("TS-1 create latency (%d creates after %d of warm-up, each destroyed): median %.2f ms,"
                    + " p99 %.2f ms wall (target median < 5 ms)%n", creates, WARM_UP, ms(median(wall)), ms(p99(wall)));
            System.out.printf("     destroy: median %.2f ms, p99 %.2f ms wall%n", ms(median(destroyWall)),
                    ms(p99(destroyWall)));
            long[] unwaited = new long[creates];
            for (int i = 0; i < creates; i++) {
                DomainConfig c = config(kernel, image, "xl-" + i);
                long t0 = System.nanoTime();
                Domain dom = b.toolstack.create(c, CreateOptions.DEFAULT);
                unwaited[i] = System.nanoTime() - t0;
                b.toolstack.destroy(dom.domid());
            }
            System.out.printf("     the same create returning once the domain runs, as xl create does (no wait for the"
                    + " guest's frontends): median %.2f ms, p99 %.2f ms wall%n", ms(median(unwaited)), ms(p99(unwaited)));
            System.out.printf("TS-5 XenStore requests per create (libxl's: from a lab capture): %d (%d in transactions): %s%n",
                    createCounts.total(), createCounts.inTransaction(), createCounts);
            System.out.printf("     per destroy: %d (%d in transactions): %s%n", destroyCounts.total(),
                    destroyCounts.inTransaction(), destroyCounts);
            CountingChannel.Counts before = b.counter.snapshot();
            Domain lab = b.toolstack.create(labPvBasic(kernel, image), CreateOptions.DEFAULT.paused(true));
            CountingChannel.Counts labCounts = b.counter.snapshot().minus(before);
            b.toolstack.destroy(lab.domid());
            System.out.printf("TS-5 the lab's pv-basic (console + vif; xl create -p): %d requests: %s; xl's own"
                    + " connection sent %d for it in the lab (toolstack/src/test/resources/libxl-trees/trace/counts.md)%n",
                    labCounts.total(), labCounts, LIBXL_PV_BASIC_REQUESTS);
            System.out.printf("     requests per create over the run: min %d, max %d%n",
                    Arrays.stream(requests).min().orElse(0), Arrays.stream(requests).max().orElse(0));
            System.out.printf("profile: the toolstack awaiting XenStore replies per create: median %.2f ms of"
                    + " wall; mean round trip µs by type: %s%n", ms(median(roundTrips)), allCreates.meanRoundTrips());
            System.out.printf("     per destroy: mean %.2f ms of wall; mean round trip µs by type: %s%n",
                    allDestroys.waitingNs() / 1e6 / creates, allDestroys.meanRoundTrips());
            double rtt = readRoundTrip(b.xs);
            System.out.printf("profile: per create (medians): wall %.2f ms, of which in the toolstack's waits"
                    + " (SimHost.runUntil) %.2f ms over %d checks and %.3f simulated s; one XenStore read round"
                    + " trip on this connection %.1f µs, so %d requests ≈ %.2f ms%n",
                    ms(median(wall)), ms(median(waitWall)), median(checks), median(virtual) / 1e9, rtt / 1e3,
                    createCounts.total(), createCounts.total() * rtt / 1e6);
        }
        profile(dir, kernel, image, Math.max(creates, 100));
    }

    /**
     * On a machine whose daemon counts every request, creates (and destroys) {@code n} domains
     * while sampling the creating thread's stack.
     */
    private static void profile(Path dir, Path kernel, Path image, int n) throws Exception {
        try (Bench b = new Bench(dir.resolve("profile.sock"), true)) {
            for (int i = 0; i < 20; i++) {
                b.toolstack.destroy(b.toolstack.create(config(kernel, image, "pwarm-" + i), OPTIONS).domid());
            }
            long[] d0 = b.daemon.snapshot();
            long t0 = b.counter.snapshot().total();
            sample(b, kernel, image, n);
            long[] d1 = b.daemon.snapshot();
            long t1 = b.counter.snapshot().total();
            long toolstack = t1 - t0;
            System.out.printf("profile: XenStore requests the daemon got per create + destroy: toolstack %.1f,"
                    + " dom0's backends %.1f, the guest's kernel (its ring) %.1f; watch events sent: to dom0 %.1f,"
                    + " to the guest %.1f%n", (double) toolstack / n, (double) (d1[0] - d0[0] - toolstack) / n,
                    (double) (d1[1] - d0[1]) / n, (double) (d1[2] - d0[2]) / n, (double) (d1[3] - d0[3]) / n);
        }
    }

    /** Samples the creating thread's stack while it creates (not while it destroys) {@code n} domains. */
    private static void sample(Bench b, Path kernel, Path image, int n) throws Exception {
        try (Sampler sampler = new Sampler(Thread.currentThread())) {
            for (int i = 0; i < n; i++) {
                sampler.on = true;
                Domain d = b.toolstack.create(config(kernel, image, "prof-" + i), OPTIONS);
                sampler.on = false;
                b.toolstack.destroy(d.domid());
            }
            sampler.print("where a create spends its wall time", n + " creates");
        }
    }

    /** Samples a thread's stack every half millisecond while {@link #on}, by {@link #classify}. */
    private static final class Sampler implements AutoCloseable {
        volatile boolean on;
        private volatile boolean stop;
        private final Map<String, Integer> where = new HashMap<>();
        private int total;
        private final Thread thread;

        Sampler(Thread target) {
            thread = Thread.ofPlatform().daemon().name("sampler").start(() -> {
                while (!stop) {
                    if (on) {
                        StackTraceElement[] st = target.getStackTrace();
                        synchronized (where) {
                            where.merge(classify(st), 1, Integer::sum);
                            total++;
                        }
                    }
                    try {
                        Thread.sleep(0, 500_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void print(String what, String over) {
            synchronized (where) {
                System.out.printf("profile: %s (%d stack samples over %s):%n", what, total, over);
                where.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(16)
                        .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    /**
     * Where the creating thread is: inside the toolstack's wait (the simulated host running and
     * its guests and backends acting) or not; and within that, a XenStore round trip (whose
     * connection, by the caller) or the innermost jxen frame.
     */
    private static String classify(StackTraceElement[] st) {
        boolean waiting = false;
        boolean xsCall = false;
        String xsCaller = null;
        String top = null;
        for (int i = 0; i < st.length; i++) {
            String cls = st[i].getClassName();
            if (cls.equals("org.jxen.hv.sim.SimHost") && st[i].getMethodName().equals("runUntil")) {
                waiting = true;
            }
            if (!xsCall && cls.equals("org.jxen.xenstore.client.XsConnection")
                    && (st[i].getMethodName().equals("call") || st[i].getMethodName().equals("await"))) {
                xsCall = true;
                for (int j = i + 1; j < st.length; j++) {
                    String c = st[j].getClassName();
                    if (!c.startsWith("org.jxen.xenstore.")) {
                        xsCaller = simple(c) + "." + st[j].getMethodName();
                        break;
                    }
                }
            }
            if (top == null && cls.startsWith("org.jxen.")) {
                top = simple(cls) + "." + st[i].getMethodName();
            }
        }
        String outer = waiting ? "in the wait (SimHost.runUntil)" : "toolstack, not waiting";
        if (xsCall) {
            return outer + ": XenStore round trip from " + xsCaller;
        }
        return outer + ": " + (top == null ? (st.length > 0 ? st[0].toString() : "?") : top);
    }

    private static String simple(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /** Median wall time of one XenStore read on {@code xs}, ns. */
    private static double readRoundTrip(XsClient xs) {
        for (int i = 0; i < 2000; i++) {
            xs.readOrNull("/local/domain/0/name");
        }
        long[] t = new long[2000];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            xs.readOrNull("/local/domain/0/name");
            t[i] = System.nanoTime() - t0;
        }
        return median(t);
    }

    /** TS-2 to TS-4: {@code domains} domains created one after another and left up, then all destroyed. */
    private static void scale(Path dir, Path kernel, Path image, int domains) throws Exception {
        try (Bench b = new Bench(dir.resolve("scale.sock")); Sampler sampler = new Sampler(Thread.currentThread())) {
            long[] wall = new long[domains];
            long[] waitWall = new long[domains];
            int[] ids = new int[domains];
            CountingChannel.Counts firstCreate = null;
            CountingChannel.Counts lastCreate = null;
            long start = System.nanoTime();
            for (int i = 0; i < domains; i++) {
                DomainConfig c = config(kernel, image, String.format("d%04d", i));
                CountingChannel.Counts before = b.counter.snapshot();
                long waitBefore = b.time.waitNs;
                long t0 = System.nanoTime();
                ids[i] = b.toolstack.create(c, OPTIONS).domid();
                wall[i] = System.nanoTime() - t0;
                waitWall[i] = b.time.waitNs - waitBefore;
                if (i == 0) {
                    firstCreate = b.counter.snapshot().minus(before);
                } else if (i == domains - 1) {
                    lastCreate = b.counter.snapshot().minus(before);
                }
            }
            double created = (System.nanoTime() - start) / 1e9;
            long[] destroyWall = new long[domains];
            long[] destroyWait = new long[domains];
            CountingChannel.Counts beforeDestroys = b.counter.snapshot();
            CountingChannel.Counts firstDestroy = null;
            long startDestroy = System.nanoTime();
            sampler.on = true;
            for (int i = 0; i < domains; i++) {
                CountingChannel.Counts before = b.counter.snapshot();
                long waitBefore = b.time.waitNs;
                long t0 = System.nanoTime();
                b.toolstack.destroy(ids[i]);
                destroyWall[i] = System.nanoTime() - t0;
                destroyWait[i] = b.time.waitNs - waitBefore;
                if (i == 0) {
                    firstDestroy = b.counter.snapshot().minus(before);
                }
            }
            sampler.on = false;
            double destroyed = (System.nanoTime() - startDestroy) / 1e9;
            CountingChannel.Counts allDestroys = b.counter.snapshot().minus(beforeDestroys);
            double firstMedian = median(Arrays.copyOfRange(wall, 0, EDGE));
            double lastMedian = median(Arrays.copyOfRange(wall, domains - EDGE, domains));
            System.out.printf("TS-2 %d domains left up: create median of the first %d %.2f ms, of the last %d %.2f ms:"
                    + " %.2fx (target <= 1.5x)%n", domains, EDGE, ms(firstMedian), EDGE, ms(lastMedian),
                    lastMedian / firstMedian);
            for (int k = 1; k <= 10; k++) {
                int from = (k - 1) * domains / 10;
                int to = k * domains / 10;
                System.out.printf("     creates %d-%d: median %.2f ms (%.2f ms of it waiting); their destroys:"
                        + " median %.2f ms (%.2f ms waiting)%n", from + 1, to,
                        ms(median(Arrays.copyOfRange(wall, from, to))), ms(median(Arrays.copyOfRange(waitWall, from, to))),
                        ms(median(Arrays.copyOfRange(destroyWall, from, to))),
                        ms(median(Arrays.copyOfRange(destroyWait, from, to))));
            }
            System.out.printf("TS-3 create %d: %.2f s (target < 10 s)%n", domains, created);
            System.out.printf("TS-4 destroy them all: %.2f s (target < 5 s); %d simulated s passed in all%n",
                    destroyed, b.host.now() / 1_000_000_000L);
            System.out.printf("profile: XenStore requests of the first create %d, of the last %d (%s);"
                    + " of the first destroy (%d up) %d (%s); %.1f a destroy on average%n",
                    firstCreate.total(), lastCreate.total(), lastCreate, domains, firstDestroy.total(), firstDestroy,
                    (double) allDestroys.total() / domains);
            System.out.printf("     destroys at scale: awaiting XenStore replies %.2f ms of wall a destroy; mean round trip µs by"
                    + " type: %s%n",
                    allDestroys.waitingNs() / 1e6 / domains, allDestroys.meanRoundTrips());
            sampler.print("where destroying them spends its wall time", domains + " destroys");
        }
    }

    /** What xl's own connection sent for {@code xl create -p pv-basic.cfg} in the xenlab (libxl-trees/trace). */
    private static final int LIBXL_PV_BASIC_REQUESTS = 195;

    /** The lab's pv-basic config (toolstack/src/test/resources/libxl-trees/configs), with local files. */
    private static DomainConfig labPvBasic(Path kernel, Path ramdisk) throws Exception {
        String text = "name = \"pv-basic\"\ntype = \"pv\"\nkernel = \"" + kernel + "\"\nramdisk = \"" + ramdisk
                + "\"\nextra = \"console=hvc0 quiet\"\nmemory = 128\nvcpus = 1\nvif = [ \"script=vif-trees\" ]\n";
        return XlDomainReader.read(XlConfigParser.parse("pv-basic.cfg", text)).config();
    }

    private static DomainConfig config(Path kernel, Path image, String name) throws Exception {
        String text = "name = \"" + name + "\"\n"
                + "kernel = \"" + kernel + "\"\n"
                + "memory = 64\n"
                + "vcpus = 1\n"
                + "disk = ['format=raw,vdev=xvda,access=rw,target=" + image + "']\n"
                + "vif = ['']\n";
        return XlDomainReader.read(XlConfigParser.parse(name + ".cfg", text)).config();
    }

    private static double ms(double ns) {
        return ns / 1e6;
    }

    private static long median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long p99(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[(int) Math.ceil(0.99 * s.length) - 1];
    }

    /**
     * A SimMachine on epyc with a JavaToolstack whose XenStore connection counts its requests;
     * for the profile, the same machine wired by hand with a daemon that counts every request.
     */
    private static final class Bench implements AutoCloseable {
        final AutoCloseable machine;
        final SimHost host;
        final DaemonCounts daemon;
        final CountingChannel counter;
        final XsClient xs;
        final TimedHostTime time;
        final JavaToolstack toolstack;
        private long uuids;

        Bench(Path socket) throws IOException {
            this(socket, false);
        }

        Bench(Path socket, boolean traced) throws IOException {
            if (traced) {
                TracedMachine m = new TracedMachine(socket);
                machine = m;
                host = m.host;
                daemon = m.counts;
            } else {
                SimMachine m = new SimMachine(Topology.epyc(), 7, socket);
                machine = m;
                host = m.host();
                daemon = null;
            }
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            counter = new CountingChannel(ch);
            // one caller, as xl: read by it, as libxenstore reads a handle without watches (jxend, whose
            // threads share one connection, keeps SimMachine's reader thread)
            xs = new XsClient(XsConnection.readByCallers(counter, socket.toString()));
            time = new TimedHostTime(host);
            toolstack = new JavaToolstack(host, xs, time, host::guestConsoleOutput, () -> new UUID(0xbe7c, ++uuids),
                    new SplittableRandom(11));
        }

        @Override
        public void close() throws Exception {
            toolstack.close();
            try (xs) {
                machine.close();
            }
        }
    }

    /**
     * SimMachine's wiring (host, jxenstored on the host's rings and a socket, dom0's entries,
     * dom0's backends on their own connection) with a daemon whose trace counts the requests it
     * gets and the watch events it sends, from dom0's connections and from the guests' rings.
     */
    private static final class TracedMachine implements AutoCloseable {
        final SimHost host;
        final DaemonCounts counts = new DaemonCounts();
        private final CoreLoop loop;
        private final Thread loopThread;
        private final XsClient init;
        private final XsClient backends;

        TracedMachine(Path socket) throws IOException {
            host = new SimHost(Topology.epyc(), 7);
            loop = new CoreLoop(CoreLoop.DEFAULT_SPIN_MICROS);
            InProcessConnector rings = new InProcessConnector(host, loop, Quota.DEFAULTS.outstanding());
            new SocketTransport(loop, new XenStoreCore(Quota.DEFAULTS, rings, counts), socket);
            loopThread = Thread.ofPlatform().name("jxenstored").daemon().start(loop);
            init = XsClient.connect(socket);
            init.write("/local/domain/0/name", "Domain-0");
            init.write("/local/domain/0/domid", "0");
            init.write("/local/pool/0/name", "Pool-0");
            backends = new XsClient(XsConnection.socketReadByCallers(socket));
            host.attachXenStore(backends, rings);
        }

        @Override
        public void close() throws Exception {
            try (backends; init) {
                loop.close();
            }
            loopThread.join(5000);
        }
    }

    /** Requests in and watch events out, at the daemon: dom0's connections apart from the guests'. */
    private static final class DaemonCounts implements Trace {
        final AtomicLong dom0Requests = new AtomicLong();
        final AtomicLong guestRequests = new AtomicLong();
        final AtomicLong dom0Events = new AtomicLong();
        final AtomicLong guestEvents = new AtomicLong();

        @Override
        public void in(Session session, Message message) {
            (session.caller().domid() == 0 ? dom0Requests : guestRequests).incrementAndGet();
        }

        @Override
        public void out(Session session, Message message) {
            if (message.type() == Op.WATCH_EVENT.code()) {
                (session.caller().domid() == 0 ? dom0Events : guestEvents).incrementAndGet();
            }
        }

        long[] snapshot() {
            return new long[] {dom0Requests.get(), guestRequests.get(), dom0Events.get(), guestEvents.get()};
        }
    }

    /** The simulated host's time for the toolstack, counting the wall time its waits take. */
    private static final class TimedHostTime implements HostTime {
        private final SimHost host;
        long waitNs;
        long checks;

        TimedHostTime(SimHost host) {
            this.host = host;
        }

        @Override
        public long nowNs() {
            return host.now();
        }

        @Override
        public boolean await(BooleanSupplier done, long timeoutNs) {
            long t0 = System.nanoTime();
            try {
                return host.runUntil(() -> {
                    checks++;
                    return done.getAsBoolean();
                }, timeoutNs);
            } finally {
                waitNs += System.nanoTime() - t0;
            }
        }
    }
}
