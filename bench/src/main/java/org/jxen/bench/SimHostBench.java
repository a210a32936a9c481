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
    /** The last domain UUID handed out (host.domains().size() would make starting n domains O(n²)). */
    private static long uuids;

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
        int domid = host.createDomain(CreateSpec.of(DomainType.PVH, new UUID(0, ++uuids), vcpus));
        host.setMaxMemory(domid, memKb);
        return domid;
    }

    private static BuildResult build(SimHost host, int domid, long memKb) throws HypervisorException {
        return host.build(domid, new BuildSpec(new BuildSpec.Image.Memory(KERNEL), null, "", memKb, 0, 0));
    }

    /**
     * The nodes libxl writes for a guest with one vif, in one transaction, with libxl's permissions
     * (libxl__domain_make, libxl__device_generic_add): its home read-only to the guest, its device
     * directory and frontend its own (dom0 reading), the backend dom0's (the guest reading). A
     * node made by dom0 takes its parent's permissions, so each directory is set once.
     */
    private static void writeAsLibxl(XsClient xs, int domid, String name) {
        String home = "/local/domain/" + domid;
        String fe = home + "/device/vif/0";
        String be = "/local/domain/0/backend/vif/" + domid + "/0";
        XsPermissions readOnly = XsPermissions.ownedBy(0).with(domid, Access.READ);
        xs.transaction(tx -> {
            directory(tx, home, readOnly);
            tx.write(home + "/name", name);
            tx.write(home + "/memory/static-max", Long.toString(IDLE_MEM_KB));
            tx.write(home + "/memory/target", Long.toString(IDLE_MEM_KB));
            tx.mkdir(home + "/control");
            for (String rw : new String[] {"control/shutdown", "control/feature-poweroff", "control/feature-reboot",
                    "control/feature-suspend", "data", "error"}) {
                tx.write(home + "/" + rw, "");
                tx.setPerms(home + "/" + rw, XsPermissions.ownedBy(domid));
            }
            directory(tx, home + "/device", XsPermissions.ownedBy(domid).with(0, Access.READ));
            tx.write(fe + "/backend", be);
            tx.write(fe + "/backend-id", "0");
            tx.write(fe + "/mac", "00:16:3e:00:00:01");
            tx.write(fe + "/handle", "0");
            tx.write(fe + "/state", "1");
            directory(tx, be, readOnly);
            tx.write(be + "/frontend", fe);
            tx.write(be + "/frontend-id", Integer.toString(domid));
            tx.write(be + "/online", "1");
            tx.write(be + "/mac", "00:16:3e:00:00:01");
            tx.write(be + "/bridge", "xenbr0");
            tx.write(be + "/state", "1");
            return null;
        });
    }

    private static void directory(XsTransaction tx, String path, XsPermissions perms) {
        tx.mkdir(path);
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
