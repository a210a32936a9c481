package org.jxen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainType;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.Topology;
import org.jxen.hv.sim.Workload;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsPermissions;
import org.jxen.xenstore.client.XsTransaction;
import org.jxen.xenstore.server.CoreLoop;
import org.jxen.xenstore.server.SocketTransport;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.inproc.InProcessConnector;
import org.jxen.xenstore.store.Access;
import org.jxen.xenstore.store.Quota;

/**
 * Issue 5's speed and size targets for the simulated host.
 * <ul>
 * <li>Speed: 1,000 domains × 2 vCPUs on the 64-thread epyc preset, a quarter each periodic 20% of
 *     10 ms, periodic 5% of 50 ms, and idle (half), run for SECONDS simulated seconds (default:
 *     one hour) after a JIT warm-up (60 simulated seconds on another host); the wall time is
 *     scaled to one simulated hour (target: 36 s).
 * <li>Size: 10,000 idle domains (1 vCPU, 32 MiB) on the same host, run for two simulated seconds;
 *     the heap they hold after a GC (target: 4 GiB). Once bare, and once with their guest agents
 *     on jxenstored (in this JVM), each domain with what libxl writes for it (and libxl's
 *     permissions) and a vif, INTRODUCEd after build so that its agent is its own client on its
 *     own ring; the agent and dom0's backend bring the vif to Connected. That figure includes
 *     the daemon's store and the rings' connections.
 * </ul>
 *   usage: SimHostBench [SECONDS]
 */
public final class SimHostBench {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int IDLE_DOMAINS = 10_000;
    private static final long IDLE_MEM_KB = 32768;
    /** What the builder is handed as the kernel: the simulated host does not run it. */
    private static final byte[] KERNEL = {0x7f, 'E', 'L', 'F'};

    private SimHostBench() {
    }

    public static void main(String[] args) throws HypervisorException, IOException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3600;
        mixed().runFor(60 * SECOND_NS); // warm-up: the JIT compiles the scheduler's paths
        SimHost host = mixed();
        long start = System.nanoTime();
        host.runFor(seconds * SECOND_NS);
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("mixed 1000 x 2 vCPUs, epyc: %d simulated s in %.2f s wall = %.1f s per simulated hour"
                + " (target 36 s)%n", seconds, wall, wall * 3600 / seconds);
        host = null;
        idleBare();
        idleWithAgents();
    }

    private static void idleBare() throws HypervisorException {
        long without = usedAfterGc();
        SimHost idle = new SimHost(Topology.epyc(), 1);
        for (int i = 0; i < IDLE_DOMAINS; i++) {
            idle.unpause(started(idle, 1, IDLE_MEM_KB));
        }
        idle.runFor(2 * SECOND_NS);
        long held = usedAfterGc() - without;
        System.out.printf("%d idle domains: %.1f MiB of heap (target 4096 MiB), %d domains running%n",
                IDLE_DOMAINS, held / 1048576.0, idle.domains().size());
    }

    private static void idleWithAgents() throws HypervisorException, IOException {
        Path dir = Files.createTempDirectory("sim-host-bench");
        Path socket = dir.resolve("jxenstored.sock");
        long without = usedAfterGc();
        long start = System.nanoTime();
        SimHost idle = new SimHost(Topology.epyc(), 1);
        CoreLoop daemon = new CoreLoop(CoreLoop.DEFAULT_SPIN_MICROS);
        InProcessConnector rings = new InProcessConnector(idle, daemon, Quota.DEFAULTS.outstanding());
        new SocketTransport(daemon, new XenStoreCore(Quota.DEFAULTS, rings, Trace.NONE), socket);
        Thread.ofPlatform().name("jxenstored").daemon().start(daemon);
        try (XsClient toolstack = XsClient.connect(socket); XsClient backends = XsClient.connect(socket)) {
            idle.attachXenStore(backends, rings);
            for (int i = 0; i < IDLE_DOMAINS; i++) {
                int domid = created(idle, 1, IDLE_MEM_KB);
                BuildResult built = build(idle, domid, IDLE_MEM_KB);
                writeAsLibxl(toolstack, domid, "idle" + i);
                toolstack.introduce(domid, built.storeGfn(), built.storePort());
                idle.unpause(domid);
            }
            idle.runFor(2 * SECOND_NS); // the kernels boot after one second, then connect their vifs
            double wall = (System.nanoTime() - start) / 1e9;
            long held = usedAfterGc() - without;
            int connected = 0;
            for (int domid = 1; domid <= IDLE_DOMAINS; domid++) {
                connected += "4".equals(toolstack.readOrNull("/local/domain/" + domid + "/device/vif/0/state")) ? 1 : 0;
            }
            System.out.printf("%d idle domains with guest agents on jxenstored, each on its own ring: %.1f MiB of"
                    + " heap with the daemon's store (target 4096 MiB), %d vifs connected, %.1f s to start%n",
                    IDLE_DOMAINS, held / 1048576.0, connected, wall);
        } finally {
            daemon.close();
        }
    }

    /** A PVH domain started as libxl starts one: created, given its maximum, built (dom0 serves its rings). */
    private static int started(SimHost host, int vcpus, long memKb) throws HypervisorException {
        int domid = created(host, vcpus, memKb);
        build(host, domid, memKb);
        return domid;
    }

    private static int created(SimHost host, int vcpus, long memKb) throws HypervisorException {
        int domid = host.createDomain(CreateSpec.of(DomainType.PVH, new UUID(0, host.domains().size()), vcpus));
        host.setMaxMemory(domid, memKb);
        return domid;
    }

    private static BuildResult build(SimHost host, int domid, long memKb) throws HypervisorException {
        return host.build(domid, new BuildSpec(new BuildSpec.Image.Memory(KERNEL), null, "", memKb, 0, 0));
    }

    /**
     * The nodes libxl writes for a guest with one vif, in one transaction, with libxl's permissions
     * (libxl__domain_make, libxl__device_generic_add): its home read-only to the guest, its device
     * directory and frontend its own (dom0 reading), the backend dom0's (the guest reading).
     */
    private static void writeAsLibxl(XsClient xs, int domid, String name) {
        String home = "/local/domain/" + domid;
        String fe = home + "/device/vif/0";
        String be = "/local/domain/0/backend/vif/" + domid + "/0";
        XsPermissions readOnly = XsPermissions.ownedBy(0).with(domid, Access.READ);
        XsPermissions guests = XsPermissions.ownedBy(domid).with(0, Access.READ);
        xs.transaction(tx -> {
            tx.mkdir(home);
            tx.setPerms(home, readOnly);
            for (String[] kv : new String[][] {{"name", name}, {"memory", null},
                    {"memory/static-max", Long.toString(IDLE_MEM_KB)}, {"memory/target", Long.toString(IDLE_MEM_KB)},
                    {"control", null}}) {
                write(tx, home + "/" + kv[0], kv[1], readOnly);
            }
            for (String rw : new String[] {"control/shutdown", "control/feature-poweroff", "control/feature-reboot",
                    "control/feature-suspend", "data", "error"}) {
                write(tx, home + "/" + rw, "", XsPermissions.ownedBy(domid));
            }
            for (String[] kv : new String[][] {{"device", null}, {"device/vif", null}, {"device/vif/0", null},
                    {"device/vif/0/backend", be}, {"device/vif/0/backend-id", "0"},
                    {"device/vif/0/mac", "00:16:3e:00:00:01"}, {"device/vif/0/handle", "0"},
                    {"device/vif/0/state", "1"}}) {
                write(tx, home + "/" + kv[0], kv[1], guests);
            }
            for (String[] kv : new String[][] {{"", null}, {"/frontend", fe}, {"/frontend-id", Integer.toString(domid)},
                    {"/online", "1"}, {"/mac", "00:16:3e:00:00:01"}, {"/bridge", "xenbr0"}, {"/state", "1"}}) {
                write(tx, be + kv[0], kv[1], readOnly);
            }
            return null;
        });
    }

    /** Writes {@code value} at {@code path} (or makes it a directory: null) with {@code perms}. */
    private static void write(XsTransaction tx, String path, String value, XsPermissions perms) {
        if (value == null) {
            tx.mkdir(path);
        } else {
            tx.write(path, value);
        }
        tx.setPerms(path, perms);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static SimHost mixed() throws HypervisorException {
        SimHost host = new SimHost(Topology.epyc(), 1);
        for (int i = 0; i < 1000; i++) {
            int d = started(host, 2, 262144);
            Workload w = switch (i % 4) {
                case 0 -> new Workload.Periodic(10_000_000L, 20);
                case 1 -> new Workload.Periodic(50_000_000L, 5);
                default -> Workload.Idle.DEFAULT;
            };
            host.setWorkload(d, 0, w);
            host.setWorkload(d, 1, w);
            host.unpause(d);
        }
        return host;
    }
}
