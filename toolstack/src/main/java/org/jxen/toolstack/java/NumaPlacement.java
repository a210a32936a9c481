package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.PhysInfo.NumaNode;

/**
 * libxl 4.17's automatic NUMA placement (xl-numa-placement(7)): where {@code libxl__build_pre}
 * (libxl_dom.c) puts a new domain, by {@code numa_place_domain} and
 * {@code libxl__get_numa_candidate} (libxl_numa.c) with {@code numa_cmpf} as the judge.
 *
 * <p>The rules, as the code has them:
 * <ul>
 * <li>Placement runs when {@code numa_placement} is true and the config has no soft affinity. A
 *     hard affinity ({@code cpus="..."}) does not stop it: xl turns placement off only for a
 *     per-vCPU list {@code cpus=[...]} or for {@code cpus_soft}. The hard affinity must hold a CPU of
 *     the domain's cpupool, or the create fails; it does not narrow the search.
 * <li>A candidate is a set of nodes with CPUs in the cpupool. It must have at least the domain's
 *     memory need free ({@code libxl__domain_need_memory_calculate}) and at least as many pool
 *     CPUs as the domain has vCPUs ({@code max_vcpus}).
 * <li>Sizes are tried from the smallest: 1 node, or, when every node has as many CPUs, the nodes
 *     the vCPUs need at least; the first size with any candidate ends the search.
 * <li>Within a size, combinations are visited in lexicographic order; one replaces the best so
 *     far only if strictly better: fewer vCPUs of other domains able to run there, then more free
 *     memory. Ties keep the first.
 * <li>Found: the domain's node affinity is the candidate's nodes, and every vCPU's soft affinity
 *     is all the CPUs of those nodes. Not found (no candidate fits, one node, more than 16 nodes):
 *     node affinity is every node and soft affinity every CPU. Either way libxl then sets
 *     {@code numa_placement} false in its copy of the config.
 * </ul>
 * Two C details are kept: free memory is summed in a 32-bit KiB counter, and {@code numa_cmpf}
 * returns a 64-bit difference of free memory as an {@code int}.
 */
public final class NumaPlacement {
    /** libxl_numa.c's limit: beyond 16 nodes the search is skipped. */
    static final int MAX_NODES = 16;

    private NumaPlacement() {
    }

    /**
     * A vCPU of a domain already on the host, as {@code nr_vcpus_on_nodes} looks at it.
     *
     * @param cpus         its hard affinity ({@code libxl_vcpuinfo.cpumap}) within its domain's cpupool
     * @param nodeAffinity its domain's node affinity
     */
    public record RunningVcpu(Set<Integer> cpus, Set<Integer> nodeAffinity) {
        public RunningVcpu {
            cpus = Set.copyOf(cpus);
            nodeAffinity = Set.copyOf(nodeAffinity);
        }
    }

    /**
     * A placement candidate ({@code libxl__numa_candidate}).
     *
     * @param nodes     the nodes
     * @param freeMemkb their free memory as libxl sums it (KiB, modulo 2^32)
     * @param nrCpus    their CPUs in the cpupool
     * @param nrVcpus   vCPUs of other domains that can run on them
     */
    public record Candidate(Set<Integer> nodes, long freeMemkb, int nrCpus, int nrVcpus) {
        public Candidate {
            nodes = sorted(nodes);
        }
    }

    /** What {@code libxl__build_pre} does about placement. */
    public sealed interface Outcome {
    }

    /** Placement did not run; affinities are the config's. {@code log} is libxl's warning, or null. */
    public record Skipped(String log) implements Outcome {
    }

    /** A candidate was chosen; the domain gets these node and soft affinities. */
    public record Placed(Candidate candidate, Set<Integer> nodeAffinity, Set<Integer> softAffinity) implements Outcome {
        public Placed {
            nodeAffinity = sorted(nodeAffinity);
            softAffinity = sorted(softAffinity);
        }
    }

    /** Placement ran and found nothing: all nodes, all CPUs. {@code log} is libxl's message, or null. */
    public record NotFound(String log, Set<Integer> nodeAffinity, Set<Integer> softAffinity) implements Outcome {
        public NotFound {
            nodeAffinity = sorted(nodeAffinity);
            softAffinity = sorted(softAffinity);
        }
    }

    /**
     * The placement {@code libxl__build_pre} makes for a domain whose build info has its defaults.
     *
     * @param needMemkb {@link LibxlDefaults#needMemoryKb}
     * @param poolCpus  the CPUs of the domain's cpupool
     * @param running   every vCPU of the domains already on the host
     */
    public static Outcome place(BuildInfo b, long needMemkb, PhysInfo host, Set<Integer> poolCpus,
                                List<RunningVcpu> running) throws LibxlDefaultsException {
        if (!Boolean.TRUE.equals(b.numaPlacement())) {
            return new Skipped(null);
        }
        if (b.vcpuSoftAffinity() != null) {
            return new Skipped("Can't run NUMA placement, as a soft affinity has been specified explicitly");
        }
        if (b.vcpuHardAffinity() != null && b.vcpuHardAffinity().get(0).stream().noneMatch(poolCpus::contains)) {
            throw LibxlDefaultsException.inval("Hard affinity completely outside of domain's cpupool!");
        }
        int vcpus = b.maxVcpus() == null ? 1 : b.maxVcpus();
        Set<Integer> all = new TreeSet<>();
        host.nodes().forEach(n -> all.add(n.id()));
        if (host.nodes().size() <= 1) {
            return new NotFound(null, all, cpusOf(host, all));
        }
        if (host.nodes().size() > MAX_NODES) {
            return new NotFound("System has " + host.nodes().size() + " NUMA nodes, which is too big for the "
                    + "placement algorithm to work effectively: skipping it. Consider manually pinning the vCPUs "
                    + "and/or looking at cpupools for manually partitioning the system.", all, cpusOf(host, all));
        }
        Optional<Candidate> best = candidate(host, poolCpus, vcpusOnNodes(host, poolCpus, running), needMemkb, vcpus);
        if (best.isEmpty()) {
            return new NotFound("NUMA placement failed, performance might be affected", all, cpusOf(host, all));
        }
        Set<Integer> nodes = best.get().nodes();
        return new Placed(best.get(), nodes, cpusOf(host, nodes));
    }

    /**
     * {@code libxl__get_numa_candidate} with {@code numa_cmpf}, no node-count bounds, on a host of
     * 2 to 16 nodes: the best candidate with at least {@code minFreeMemkb} free and
     * {@code minCpus} CPUs of {@code suitableCpus}, if any. A 0 minimum is no constraint.
     *
     * @param vcpusOnNode by node id, the vCPUs able to run there ({@link #vcpusOnNodes})
     */
    public static Optional<Candidate> candidate(PhysInfo host, Set<Integer> suitableCpus, int[] vcpusOnNode,
                                                long minFreeMemkb, int minCpus) {
        List<NumaNode> suitable = host.nodes().stream().filter(n -> n.cpus().stream().anyMatch(suitableCpus::contains))
                .toList();
        int perNode = cpusPerNode(host);
        int minNodes = perNode == 0 ? 1 : (minCpus + perNode - 1) / perNode;
        int maxNodes = suitable.size();
        minNodes = Math.min(minNodes, maxNodes);
        Candidate best = null;
        for (int k = minNodes; k <= maxNodes && best == null; k++) {
            for (int[] comb : combinations(suitable.size(), k)) {
                Set<Integer> nodes = new TreeSet<>();
                long free = 0;
                int cpus = 0, onNodes = 0;
                for (int i : comb) {
                    NumaNode n = suitable.get(i);
                    nodes.add(n.id());
                    free = (free + n.freeKb()) & 0xFFFF_FFFFL; // nodemap_to_free_memkb sums into a uint32_t
                    cpus += (int) n.cpus().stream().filter(suitableCpus::contains).count();
                    onNodes += vcpusOnNode[n.id()];
                }
                if (minFreeMemkb != 0 && Long.compareUnsigned(free, minFreeMemkb) < 0) {
                    continue;
                }
                if (minCpus != 0 && cpus < minCpus) {
                    continue;
                }
                Candidate c = new Candidate(nodes, free, cpus, onNodes);
                if (best == null || compare(c, best) < 0) {
                    best = c;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * {@code numa_cmpf}: negative when {@code c1} is better. Fewer vCPUs first; then more free
     * memory, as C returns {@code c2->free_memkb - c1->free_memkb} (uint64_t) through an int.
     */
    static int compare(Candidate c1, Candidate c2) {
        if (c1.nrVcpus() != c2.nrVcpus()) {
            return c1.nrVcpus() - c2.nrVcpus();
        }
        return (int) (c2.freeMemkb() - c1.freeMemkb());
    }

    /**
     * {@code nr_vcpus_on_nodes}: for each node, the vCPUs of running domains that may run there:
     * a vCPU counts once on a node when its affinity holds a suitable CPU of that node and its
     * domain's node affinity holds the node.
     */
    public static int[] vcpusOnNodes(PhysInfo host, Set<Integer> suitableCpus, List<RunningVcpu> running) {
        int[] on = new int[host.nodes().stream().mapToInt(NumaNode::id).max().orElse(-1) + 1];
        Map<RunningVcpu, Integer> times = new IdentityHashMap<>(); // each instance looked at once (the caller shares equal ones)
        running.forEach(v -> times.merge(v, 1, Integer::sum));
        times.forEach((v, count) -> {
            Set<Integer> counted = new TreeSet<>();
            for (NumaNode n : host.nodes()) {
                boolean reaches = n.cpus().stream().anyMatch(c -> v.cpus().contains(c) && suitableCpus.contains(c));
                if (reaches && v.nodeAffinity().contains(n.id()) && counted.add(n.id())) {
                    on[n.id()] += count;
                }
            }
        });
        return on;
    }

    /**
     * {@code count_cpus_per_node}: the CPUs per node if every node has as many, else 0. As in C,
     * nodes before the first with CPUs are not held against the rest.
     */
    static int cpusPerNode(PhysInfo host) {
        int perNode = 0;
        for (NumaNode n : host.nodes()) {
            int cpus = n.cpus().size();
            perNode = perNode == 0 ? cpus : perNode;
            if (perNode != cpus) {
                return 0;
            }
        }
        return perNode;
    }

    /** {@code comb_init}/{@code comb_next}: the k-subsets of 0..n-1 in lexicographic order. */
    static List<int[]> combinations(int n, int k) {
        List<int[]> out = new ArrayList<>();
        if (n < k || k <= 0) {
            return out;
        }
        int[] it = new int[k];
        for (int i = 0; i < k; i++) {
            it[i] = i;
        }
        while (true) {
            out.add(it.clone());
            int i = k - 1;
            while (i >= 0 && it[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            it[i]++;
            for (int j = i + 1; j < k; j++) {
                it[j] = it[j - 1] + 1;
            }
        }
    }

    /** An unmodifiable copy in ascending order, as libxl's bitmaps list their bits. */
    static Set<Integer> sorted(Set<Integer> s) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(s));
    }

    /** {@code libxl_nodemap_to_cpumap}: every CPU of the nodes, in or out of the cpupool. */
    static Set<Integer> cpusOf(PhysInfo host, Set<Integer> nodes) {
        Set<Integer> cpus = new TreeSet<>();
        host.nodes().stream().filter(n -> nodes.contains(n.id())).forEach(n -> cpus.addAll(n.cpus()));
        return cpus;
    }
}
