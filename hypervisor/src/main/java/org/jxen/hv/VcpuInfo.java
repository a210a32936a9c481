package org.jxen.hv;

import java.util.Set;

/** One vCPU as {@code xl vcpu-list} shows it: online, running and where, CPU time, affinities. */
public record VcpuInfo(int vcpu, boolean online, boolean running, boolean blocked, int cpu, long cpuTimeNs,
                       Set<Integer> hardAffinity, Set<Integer> softAffinity) {
    public VcpuInfo {
        hardAffinity = Set.copyOf(hardAffinity);
        softAffinity = Set.copyOf(softAffinity);
    }
}
