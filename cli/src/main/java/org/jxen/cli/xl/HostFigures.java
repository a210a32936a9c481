package org.jxen.cli.xl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.config.HostCpus;

/** The host's CPUs and memory as {@code jxen.get_host_physinfo} gives them. */
record HostFigures(Map<?, ?> wire) {
    static HostFigures of(JxendApi api) throws XenApiFailure, XlFailure {
        return new HostFigures((Map<?, ?>) api.call("jxen.get_host_physinfo"));
    }

    int cpus() {
        return Wire.integer(wire, "nr_cpus");
    }

    long number(String key) {
        return Wire.number(wire, key);
    }

    /** The CPUs by NUMA node, for reading CPU lists ({@code nodes:1}) as xl reads them. */
    HostCpus hostCpus() {
        Map<Integer, List<Integer>> nodes = new LinkedHashMap<>();
        List<?> byNode = (List<?>) wire.get("node_cpus");
        for (int n = 0; n < byNode.size(); n++) {
            nodes.put(n, ((List<?>) byNode.get(n)).stream().map(o -> (int) Wire.asLong(o)).toList());
        }
        return new HostCpus(cpus(), nodes);
    }
}
