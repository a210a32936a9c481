package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.ToolstackException;

/**
 * Where a new domain goes on a NUMA host: {@link NumaPlacement}'s choice, fed what the host runs
 * now (every vCPU's hard affinity, each domain's node affinity), as {@code libxl__build_pre} does.
 */
final class Placing {
    private final Hypervisor hv;
    private final Registry registry;

    Placing(Hypervisor hv, Registry registry) {
        this.hv = hv;
        this.registry = registry;
    }

    /**
     * Automatic NUMA placement ({@code numa_place_domain}), counting the vCPUs already on each
     * node; null when placement does not run.
     */
    DomainCreation.Placement place(LibxlDefaults.Result defaulted) throws ToolstackException {
        PhysInfo host = hv.physInfo();
        List<NumaPlacement.RunningVcpu> running = new ArrayList<>();
        if (host.nodes().size() > 1 && Boolean.TRUE.equals(defaulted.config().bInfo().numaPlacement())) {
            // most vCPUs have the same affinities: one RunningVcpu for each pair, so vcpusOnNodes looks at each once
            Map<List<Set<Integer>>, NumaPlacement.RunningVcpu> distinct = new HashMap<>();
            Set<Integer> all = allNodes();
            for (DomainInfo d : hv.domains()) {
                DomainRecord r = registry.find(d.domid());
                Set<Integer> nodes = r == null ? all : r.nodes;
                for (Set<Integer> hard : hardAffinities(d)) {
                    running.add(distinct.computeIfAbsent(List.of(hard, nodes),
                            k -> new NumaPlacement.RunningVcpu(hard, nodes)));
                }
            }
        }
        try {
            return switch (NumaPlacement.place(defaulted.config().bInfo(), LibxlDefaults.needMemoryKb(defaulted), host,
                    allCpus(host), running)) {
                case NumaPlacement.Skipped s -> null;
                case NumaPlacement.Placed p -> new DomainCreation.Placement(p.nodeAffinity(), p.softAffinity());
                case NumaPlacement.NotFound n -> new DomainCreation.Placement(n.nodeAffinity(), n.softAffinity());
            };
        } catch (LibxlDefaultsException e) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.PLACEMENT, e.getMessage(), e);
        }
    }

    /**
     * The hard affinity of each of {@code d}'s vCPUs; none if they cannot be listed (the domain went
     * away meanwhile, as a concurrent create's rollback makes one go), as libxl's
     * {@code nr_vcpus_on_nodes} skips a domain whose {@code libxl_list_vcpu} fails.
     */
    private List<Set<Integer>> hardAffinities(DomainInfo d) {
        List<Set<Integer>> hard = new ArrayList<>(d.maxVcpus());
        try {
            for (int v = 0; v < d.maxVcpus(); v++) {
                hard.add(hv.vcpuInfo(d.domid(), v).hardAffinity());
            }
        } catch (HypervisorException gone) {
            return List.of();
        }
        return hard;
    }

    /** Every NUMA node of the host: the node affinity of a domain nothing placed. */
    Set<Integer> allNodes() {
        Set<Integer> all = new TreeSet<>();
        hv.physInfo().nodes().forEach(n -> all.add(n.id()));
        return all;
    }

    private static Set<Integer> allCpus(PhysInfo host) {
        Set<Integer> all = new TreeSet<>();
        for (int c = 0; c < host.cpus(); c++) {
            all.add(c);
        }
        return all;
    }
}
