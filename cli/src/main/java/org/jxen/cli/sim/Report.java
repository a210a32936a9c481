package org.jxen.cli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a scenario run found: per domain, CPU share, waiting, memory per NUMA node; and the host's busy CPUs. */
public record Report(String host, int cpus, long durationNs, double cpuBusyPercent, List<DomainResult> domains,
                     List<String> notes) {
    public Report {
        domains = List.copyOf(domains);
        notes = List.copyOf(notes);
    }

    /**
     * One domain. {@code cpuPercent} is of one CPU over the time it existed (as xentop's CPU(%));
     * {@code waitPercent} is the share of its vCPUs' time spent runnable but not running.
     */
    public record DomainResult(String name, Integer domid, int vcpus, long startedNs, long endedNs, long cpuNs,
                               long waitNs, Map<Integer, Long> memKbByNode, String state) {
        public DomainResult {
            memKbByNode = Map.copyOf(memKbByNode);
        }

        double cpuPercent() {
            long life = endedNs - startedNs;
            return life <= 0 ? 0 : 100.0 * cpuNs / life;
        }

        double waitPercent() {
            long life = endedNs - startedNs;
            return life <= 0 ? 0 : 100.0 * waitNs / ((double) life * vcpus);
        }
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "host %s, %d CPUs, %.3f s simulated, CPUs busy %.1f%%%n", host, cpus,
                durationNs / 1e9, cpuBusyPercent));
        out.append(String.format(Locale.ROOT, "%-20s %5s %5s %10s %7s %7s  %-24s %s%n", "domain", "domid", "vcpus",
                "cpu_s", "cpu%", "wait%", "memory MiB by node", "state"));
        for (DomainResult d : domains) {
            String mem = d.memKbByNode().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ":" + e.getValue() / 1024).collect(Collectors.joining(" "));
            out.append(String.format(Locale.ROOT, "%-20s %5s %5d %10.3f %7.1f %7.1f  %-24s %s%n", d.name(),
                    d.domid() == null ? "-" : d.domid().toString(), d.vcpus(), d.cpuNs() / 1e9, d.cpuPercent(),
                    d.waitPercent(), mem.isEmpty() ? "-" : mem, d.state()));
        }
        notes.forEach(n -> out.append("note: ").append(n).append('\n'));
        return out.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("host", host);
        root.put("cpus", cpus);
        root.put("duration_s", durationNs / 1e9);
        root.put("cpu_busy_percent", round(cpuBusyPercent));
        ArrayNode list = root.putArray("domains");
        for (DomainResult d : domains) {
            ObjectNode o = list.addObject();
            o.put("name", d.name());
            if (d.domid() == null) {
                o.putNull("domid");
            } else {
                o.put("domid", d.domid());
            }
            o.put("vcpus", d.vcpus());
            o.put("started_s", d.startedNs() / 1e9);
            o.put("ended_s", d.endedNs() / 1e9);
            o.put("cpu_seconds", d.cpuNs() / 1e9);
            o.put("cpu_percent", round(d.cpuPercent()));
            o.put("wait_seconds", d.waitNs() / 1e9);
            o.put("wait_percent", round(d.waitPercent()));
            ObjectNode mem = o.putObject("memory_mib_by_node");
            d.memKbByNode().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> mem.put(e.getKey().toString(), e.getValue() / 1024));
            o.put("state", d.state());
        }
        ArrayNode notesNode = root.putArray("notes");
        notes.forEach(notesNode::add);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a report that Jackson cannot write", e);
        }
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
