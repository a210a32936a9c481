package org.jxen.toolstack.libxl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;

/**
 * libxl's structures, as its {@code _to_json} prints them, read into the toolstack's records: a
 * domain's {@code libxl_dominfo}, a vCPU's {@code libxl_vcpuinfo}, the host's {@code
 * libxl_physinfo} with its NUMA nodes and CPU topology, a domain's scheduling parameters.
 */
final class LibxlViews {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PAGE_KB = 4;

    private LibxlViews() {
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("libxl printed JSON this cannot read: " + json, e);
        }
    }

    static DomainInfo domainInfo(String dominfoJson) {
        JsonNode d = parse(dominfoJson);
        Set<DomainInfo.Flag> flags = EnumSet.noneOf(DomainInfo.Flag.class);
        if (d.path("running").asBoolean()) {
            flags.add(DomainInfo.Flag.RUNNING);
        }
        if (d.path("blocked").asBoolean()) {
            flags.add(DomainInfo.Flag.BLOCKED);
        }
        if (d.path("paused").asBoolean()) {
            flags.add(DomainInfo.Flag.PAUSED);
        }
        boolean shutdown = d.path("shutdown").asBoolean();
        DomainInfo.State state = d.path("dying").asBoolean() ? DomainInfo.State.DYING
                : shutdown ? DomainInfo.State.SHUTDOWN : DomainInfo.State.ALIVE;
        return new DomainInfo(d.path("domid").asInt(), uuid(d.path("uuid").asText("")),
                domainType(d.path("domain_type").asText("pv")), state, flags,
                shutdown ? shutdownReason(d.path("shutdown_reason")) : null, d.path("cpu_time").asLong(),
                d.path("current_memkb").asLong(), d.path("max_memkb").asLong(), d.path("outstanding_memkb").asLong() / PAGE_KB,
                d.path("vcpu_online").asInt(), d.path("vcpu_max_id").asInt() + 1, d.path("cpupool").asInt());
    }

    /** libxl leaves out a UUID that is all zeros (dom0's handle). */
    private static UUID uuid(String text) {
        return text.isEmpty() ? new UUID(0, 0) : UUID.fromString(text);
    }

    private static DomainType domainType(String libxlName) {
        return switch (libxlName) {
            case "hvm" -> DomainType.HVM;
            case "pvh" -> DomainType.PVH;
            default -> DomainType.PV;
        };
    }

    /** libxl prints {@code libxl_shutdown_reason} by name ({@code "poweroff"}); Xen's number is read too. */
    static ShutdownReason shutdownReason(JsonNode reason) {
        if (reason.isNumber()) {
            return shutdownReason(reason.asInt());
        }
        String name = reason.asText().toUpperCase(Locale.ROOT);
        for (ShutdownReason r : ShutdownReason.values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    static ShutdownReason shutdownReason(int xenCode) {
        ShutdownReason[] all = ShutdownReason.values();
        return xenCode >= 0 && xenCode < all.length ? all[xenCode] : null;
    }

    static VcpuInfo vcpuInfo(String vcpuinfoJson) {
        JsonNode v = parse(vcpuinfoJson);
        return new VcpuInfo(v.path("vcpuid").asInt(), v.path("online").asBoolean(), v.path("running").asBoolean(),
                v.path("blocked").asBoolean(), v.path("cpu").asInt(), v.path("vcpu_time").asLong(),
                cpus(v.path("cpumap")), cpus(v.path("cpumap_soft")));
    }

    /** A {@code libxl_bitmap} as libxl prints it: the numbers of the bits set. */
    private static Set<Integer> cpus(JsonNode bitmap) {
        Set<Integer> out = new TreeSet<>();
        bitmap.forEach(n -> out.add(n.asInt()));
        return out;
    }

    static PhysInfo physInfo(String physinfoJson, List<String> numaJson, List<String> topologyJson) {
        JsonNode p = parse(physinfoJson);
        int threads = Math.max(1, p.path("threads_per_core").asInt());
        int cores = Math.max(1, p.path("cores_per_socket").asInt());
        int cpus = p.path("nr_cpus").asInt();
        TreeMap<Integer, List<Integer>> nodeCpus = new TreeMap<>();
        for (int cpu = 0; cpu < topologyJson.size(); cpu++) {
            JsonNode t = parse(topologyJson.get(cpu));
            // libxl marks a CPU that is not there with all fields ~0
            if (t.path("node").asLong() >= 0 && t.path("node").asLong() < 0xffff) {
                nodeCpus.computeIfAbsent(t.path("node").asInt(), n -> new ArrayList<>()).add(cpu);
            }
        }
        List<PhysInfo.NumaNode> nodes = new ArrayList<>();
        for (int n = 0; n < numaJson.size(); n++) {
            JsonNode node = parse(numaJson.get(n));
            List<Integer> distances = new ArrayList<>();
            node.path("dists").forEach(x -> distances.add(x.asInt()));
            nodes.add(new PhysInfo.NumaNode(n, nodeCpus.getOrDefault(n, List.of()), node.path("size").asLong() / 1024,
                    node.path("free").asLong() / 1024, distances));
        }
        return new PhysInfo(Math.max(1, cpus / (threads * cores)), cores, threads, p.path("total_pages").asLong() * PAGE_KB,
                p.path("free_pages").asLong() * PAGE_KB, nodes);
    }

    /** credit2's (and credit's) weight and cap; other schedulers' parameters are not modelled yet. */
    static SchedParams schedParams(String json) {
        JsonNode s = parse(json);
        String sched = s.path("sched").asText("credit2");
        if (sched.equals("rtds")) {
            return new SchedParams.Rtds(s.path("period").asInt(), s.path("budget").asInt());
        }
        int weight = s.path("weight").asInt(SchedParams.Credit2.DEFAULT_WEIGHT);
        return new SchedParams.Credit2(weight < 1 ? SchedParams.Credit2.DEFAULT_WEIGHT : weight, Math.max(0, s.path("cap").asInt()));
    }

    static String schedParamsJson(SchedParams params) {
        return switch (params) {
            case SchedParams.Credit2 c -> "{\"weight\":" + c.weight() + ",\"cap\":" + c.cap() + "}";
            case SchedParams.Rtds r -> "{\"period\":" + r.periodUs() + ",\"budget\":" + r.budgetUs() + "}";
        };
    }
}
