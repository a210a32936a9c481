package org.jxen.hv;

import java.util.Objects;

/**
 * What {@link Hypervisor#createDomain} needs: the guest type, its name (for the console log), how
 * many vCPUs it may have, and its memory (allocated at create, from the NUMA nodes it has
 * affinity to; {@code nodeAffinity} empty means any).
 */
public record DomainSpec(DomainKind kind, String name, int maxVcpus, long memKb, long maxMemKb,
                         java.util.Set<Integer> nodeAffinity) {
    public DomainSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        nodeAffinity = java.util.Set.copyOf(nodeAffinity);
        if (maxVcpus < 1) {
            throw new IllegalArgumentException("a domain needs at least one vCPU, not " + maxVcpus);
        }
        if (memKb < 0 || maxMemKb < memKb) {
            throw new IllegalArgumentException("memory " + memKb + " KiB must be between 0 and the maximum " + maxMemKb);
        }
    }

    /** The guest types Xen builds. */
    public enum DomainKind { PV, PVH, HVM }
}
