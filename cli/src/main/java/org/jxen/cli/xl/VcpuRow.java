package org.jxen.cli.xl;

import java.util.List;
import java.util.Map;

/** One vCPU as {@code jxen.get_domain_vcpus} describes it: what {@code xl vcpu-list} prints. */
record VcpuRow(int vcpu, boolean online, boolean running, boolean blocked, int cpu, long cpuTimeNs,
               List<Integer> hard, List<Integer> soft) {
    static VcpuRow of(Map<?, ?> m) {
        return new VcpuRow(Wire.integer(m, "vcpu"), Wire.bool(m, "online"), Wire.bool(m, "running"),
                Wire.bool(m, "blocked"), Wire.integer(m, "cpu"), Wire.number(m, "cpu_time_ns"),
                Wire.integers(m, "hard_affinity"), Wire.integers(m, "soft_affinity"));
    }
}
