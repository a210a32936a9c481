package org.jxen.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxen.xenstore.client.XsClient;

/**
 * One million nodes, 10,000 domains' worth (100 nodes each, shaped like what libxl writes for a
 * guest with a disk and a network device), loaded into {@code bin/jxenstored} running with a
 * 1 GiB heap limit ({@code -Xmx1g}), and into C xenstored for comparison. Reports jxenstored's
 * live heap after a full GC and both daemons' resident memory. C xenstored slows down as its tree
 * grows (about 14 minutes did not reach a million nodes here), so it gets a time budget and the
 * report says how far it got.
 *
 * <pre>
 *   ./jxen build && bench/xenstore-memory-bench [DOMAINS [C_SECONDS]]      (default 10000 and 180)
 * </pre>
 */
public final class XenStoreMemoryBench {
    private static final int WRITERS = 16;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("jxen.root", ".")).toAbsolutePath().normalize();
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int cSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        Path work = Files.createTempDirectory("xsmem");
        Path shared = System.getenv("JXEN_SHARED") != null ? Path.of(System.getenv("JXEN_SHARED")) : root.resolveSibling("shared");

        Path jdir = Files.createDirectories(work.resolve("jxen"));
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/jxenstored").toString(), "-N", "--socket", jdir.resolve("socket").toString());
        pb.environment().put("JXENSTORED_JAVA_OPTS", "-Xmx1g");
        Process jxen = pb.redirectErrorStream(true).redirectOutput(jdir.resolve("log").toFile()).start();
        XenStoreBench.awaitSocket(jdir.resolve("socket"));
        long t0 = System.nanoTime();
        int nodes = fill(jdir.resolve("socket"), domains, Long.MAX_VALUE);
        double secs = (System.nanoTime() - t0) / 1e9;
        String heap = XenStoreBench.run(List.of(System.getProperty("java.home") + "/bin/jcmd", Long.toString(jxen.pid()), "GC.run"))
                + XenStoreBench.run(List.of(System.getProperty("java.home") + "/bin/jcmd", Long.toString(jxen.pid()), "GC.heap_info"));
        String control;
        try (XsClient c = XsClient.connect(jdir.resolve("socket"))) {
            control = c.control("quota", "0");
        }
        long jxenRss = rssKiB(jxen.pid());
        System.out.printf("jxenstored: %d nodes written in %.1f s (%.0f/s), alive=%b, -Xmx1g%n", nodes, secs, nodes / secs, jxen.isAlive());
        System.out.println(control.strip());
        System.out.println(heap.strip());
        System.out.printf("jxenstored RSS: %d MiB%n", jxenRss / 1024);
        jxen.destroy();
        jxen.waitFor(10, TimeUnit.SECONDS);

        Path cdir = Files.createDirectories(work.resolve("c"));
        String started = XenStoreBench.run(List.of(shared.resolve("tools/xenstore-peers/peer-xenstored").toString(), "start", "c", cdir.toString()));
        long cPid = Long.parseLong(started.replaceAll("(?s).*pid=(\\d+).*", "$1"));
        t0 = System.nanoTime();
        nodes = fill(cdir.resolve("socket"), domains, t0 + cSeconds * 1_000_000_000L);
        secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("C xenstored: %d nodes written in %.1f s (%.0f/s)%s, RSS: %d MiB%n", nodes, secs, nodes / secs,
                nodes < domains * 100 ? " before its " + cSeconds + " s budget ran out" : "", rssKiB(cPid) / 1024);
        XenStoreBench.run(List.of(shared.resolve("tools/xenstore-peers/peer-xenstored").toString(), "stop", cdir.toString()));
    }

    /**
     * Writes {@code domains} x 100 nodes with {@link #WRITERS} connections in parallel, stopping
     * after the domain in progress once {@code deadline} (System.nanoTime) has passed; returns the count.
     */
    static int fill(Path socket, int domains, long deadline) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            XsClient c = XsClient.connect(socket);
            threads.add(Thread.ofPlatform().start(() -> {
                try (c) {
                    for (int d; System.nanoTime() < deadline && (d = next.getAndIncrement()) < domains; ) {
                        for (String[] kv : domainNodes(d + 1)) {
                            c.write(kv[0], kv[1]);
                            written.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return written.get();
    }

    /** 100 leaf writes per domain (the implicit parents add a few more nodes). */
    static List<String[]> domainNodes(int domid) {
        String dom = "/local/domain/" + domid;
        List<String[]> out = new ArrayList<>(100);
        String[][] top = {{"name", "guest-" + domid}, {"domid", Integer.toString(domid)}, {"vm", "/vm/" + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) domid, (byte) (domid >> 8)})},
            {"memory/static-max", "1048576"}, {"memory/target", "1048576"}, {"memory/videoram", "-1"}, {"control/shutdown", ""},
            {"control/feature-poweroff", "1"}, {"control/feature-reboot", "1"}, {"control/feature-suspend", "1"}, {"store/port", "1"},
            {"store/ring-ref", "1044476"}, {"console/port", "2"}, {"console/ring-ref", "1044477"}, {"console/type", "xenconsoled"},
            {"console/limit", "1048576"}, {"console/output", "pty"}, {"console/tty", "/dev/pts/" + (domid % 512)}, {"image/device-model-pid", "0"},
            {"serial/0/tty", "/dev/pts/1"}};
        for (String[] kv : top) {
            out.add(new String[] {dom + "/" + kv[0], kv[1]});
        }
        for (int cpu = 0; cpu < 4; cpu++) {
            out.add(new String[] {dom + "/cpu/" + cpu + "/availability", "online"});
        }
        String[] vbd = {"backend", "backend-id", "state", "virtual-device", "device-type", "protocol", "ring-ref", "event-channel",
            "feature-persistent", "multi-queue-num-queues", "trusted", "feature-large-sector-size"};
        String[] vif = {"backend", "backend-id", "state", "handle", "mac", "mtu", "multi-queue-num-queues", "trusted", "tx-ring-ref",
            "rx-ring-ref", "event-channel", "request-rx-copy", "feature-rx-notify", "feature-sg", "feature-gso-tcpv4"};
        for (int dev = 0; dev < 2; dev++) {
            for (String k : vbd) {
                out.add(new String[] {dom + "/device/vbd/" + (51712 + dev * 16) + "/" + k, k.equals("backend") ? "/local/domain/0/backend/vbd/" + domid + "/" + (51712 + dev * 16) : "4"});
            }
        }
        for (int dev = 0; dev < 2; dev++) {
            for (String k : vif) {
                out.add(new String[] {dom + "/device/vif/" + dev + "/" + k, k.equals("mac") ? String.format("00:16:3e:%02x:%02x:%02x", domid >> 16 & 0xff, domid >> 8 & 0xff, domid & 0xff) : "1"});
            }
        }
        for (int i = out.size(); i < 100; i++) {
            out.add(new String[] {dom + "/data/key" + i, "value-" + i});
        }
        return out;
    }

    private static long rssKiB(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
