package org.jxen.bench;

import java.util.Set;
import org.jxen.hv.DomainSpec;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.Topology;
import org.jxen.hv.sim.Workload;

/**
 * Issue 5's speed and size targets for the simulated host. Speed: 1,000 domains × 2 vCPUs on the
 * 64-thread epyc preset, a quarter each periodic 20% of 10 ms, periodic 5% of 50 ms, and idle
 * (half), run for SECONDS simulated seconds after a JIT warm-up (60 simulated seconds on another
 * host); the time is scaled to one simulated hour (target: 36 s). Size: 10,000 idle domains
 * (1 vCPU, 32 MiB) on the same host, run for one simulated second; the heap they hold after a GC
 * (target: 4 GiB).
 *   usage: SimHostBench [SECONDS]
 */
public final class SimHostBench {
    private static final long SECOND_NS = 1_000_000_000L;

    private SimHostBench() {
    }

    public static void main(String[] args) throws HypervisorException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        mixed().runFor(60 * SECOND_NS); // warm-up: the JIT compiles the scheduler's paths
        SimHost host = mixed();
        long start = System.nanoTime();
        host.runFor(seconds * SECOND_NS);
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("mixed 1000 x 2 vCPUs, epyc: %d simulated s in %.2f s wall = %.1f s per simulated hour"
                + " (target 36 s)%n", seconds, wall, wall * 3600 / seconds);
        host = null;
        SimHost idle = new SimHost(Topology.epyc(), 1);
        for (int i = 0; i < 10_000; i++) {
            int d = idle.createDomain(new DomainSpec(DomainSpec.DomainKind.PVH, "idle" + i, 1, 32768, 32768, Set.of()));
            idle.unpause(d);
        }
        idle.runFor(SECOND_NS);
        int running = idle.domains().size();
        long with = usedAfterGc();
        idle = null; // what the host held is the heap in use with it less the heap in use without it
        long held = with - usedAfterGc();
        System.out.printf("10000 idle domains: %.1f MiB of heap (target 4096 MiB), %d domains running%n",
                held / 1048576.0, running);
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
            int d = host.createDomain(new DomainSpec(DomainSpec.DomainKind.PVH, "d" + i, 2, 262144, 262144, Set.of()));
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
