package org.jxen.daemon.xapi;

import static org.jxen.daemon.xapi.JxenMessages.ANY;
import static org.jxen.daemon.xapi.JxenMessages.STRING;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jxen.api.model.Type;
import org.jxen.hv.PhysInfo;
import org.jxen.toolstack.Toolstack;

/**
 * The host's live figures as {@code xl info} prints them (XenAPI's host record has the static
 * facts: name, versions, capabilities) and the hypervisor's console, as {@code xl dmesg}.
 */
final class XlHost {
    private final Toolstack toolstack;

    XlHost(Toolstack toolstack) {
        this.toolstack = toolstack;
    }

    void register(JxenMessages m) {
        m.on("get_host_physinfo", ANY, call -> physinfo());
        m.on("get_hypervisor_log", new Type.SetType(STRING), call -> toolstack.hypervisorLog());
    }

    private Map<String, Object> physinfo() {
        PhysInfo p = toolstack.host();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nr_cpus", (long) p.cpus());
        m.put("nr_nodes", (long) p.nodes().size());
        m.put("sockets", (long) p.sockets());
        m.put("cores_per_socket", (long) p.coresPerSocket());
        m.put("threads_per_core", (long) p.threadsPerCore());
        m.put("total_memory_kb", p.totalMemKb());
        m.put("free_memory_kb", p.freeMemKb());
        // per NUMA node, by node number: its CPUs, its memory and how much of it is free
        m.put("node_cpus", p.nodes().stream().map(n -> n.cpus().stream().map(Integer::longValue).toList()).toList());
        m.put("node_memory_kb", p.nodes().stream().map(PhysInfo.NumaNode::memKb).toList());
        m.put("node_free_kb", p.nodes().stream().map(PhysInfo.NumaNode::freeKb).toList());
        return m;
    }
}
