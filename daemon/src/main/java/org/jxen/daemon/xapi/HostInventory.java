package org.jxen.daemon.xapi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.DateTimes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.PhysInfo;

/**
 * The objects that describe the host itself, made on the first start and brought up to date on
 * every start: the pool (exactly one, as clients expect), the host with its metrics and CPUs, the
 * control domain's VM, the local file SR with its PBD, the bridge network with its PIF, and the
 * default templates.
 */
public final class HostInventory {
    /** XAPI's {@code PIF.VLAN} of an interface that is no VLAN's. */
    private static final Long NO_VLAN = -1L;

    /** The XenAPI version jxend speaks: XenServer 8's. */
    public static final long API_MAJOR = 2;
    public static final long API_MINOR = 21;

    /** The references later code needs. */
    public record Refs(String pool, String host, String controlDomain, String sr, String network) {
    }

    /** What is true of this host at this start, {@code dom0} included. */
    public record Facts(String hostname, String address, PhysInfo physInfo, DomainInfo dom0, String cpuModel,
                        Map<String, String> biosStrings, Path srDirectory, String xenVersion, String jxenVersion, Instant now) {
    }

    private final ObjectStore store;
    private final Facts facts;

    private HostInventory(ObjectStore store, Facts facts) {
        this.store = store;
        this.facts = facts;
    }

    public static Refs ensure(ObjectStore store, Facts facts) throws XenApiFailure {
        return store.atomically(() -> new HostInventory(store, facts).ensure());
    }

    private Refs ensure() throws XenApiFailure {
        String metrics = one("host_metrics", Map.of());
        String host = one("host", Map.of("metrics", metrics));
        store.set("host", host, hostFields());
        store.set("host_metrics", metrics, Map.of("memory_total", facts.physInfo().totalMemKb() * 1024,
                "memory_free", facts.physInfo().freeMemKb() * 1024, "live", true, "last_updated", facts.now()));
        ensureCpus(host);
        String dom0 = controlDomain(host);
        store.set("host", host, "control_domain", dom0);
        String sr = localSr(host);
        String network = network(host);
        String pool = one("pool", Map.of());
        store.set("pool", pool, "master", host);
        for (String field : List.of("default_SR", "suspend_image_SR", "crash_dump_SR")) {
            if (!store.refs("SR").contains((String) store.field("pool", pool, field))) { // an administrator's choice stays
                store.set("pool", pool, field, sr);
            }
        }
        Templates.ensure(store);
        return new Refs(pool, host, dom0, sr, network);
    }

    /** The only object of {@code cls}, made with {@code fields} if there is none yet. */
    private String one(String cls, Map<String, Object> fields) throws XenApiFailure {
        List<String> refs = store.refs(cls);
        return refs.isEmpty() ? store.create(cls, fields) : refs.getFirst();
    }

    private Map<String, Object> hostFields() {
        PhysInfo p = facts.physInfo();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name_label", facts.hostname());
        f.put("hostname", facts.hostname());
        f.put("address", facts.address());
        f.put("enabled", true);
        f.put("API_version_major", API_MAJOR);
        f.put("API_version_minor", API_MINOR);
        f.put("API_version_vendor", "jxen");
        f.put("sched_policy", "credit2");
        f.put("software_version", softwareVersion());
        f.put("cpu_info", Map.of("cpu_count", Integer.toString(p.cpus()), "socket_count",
                Integer.toString(p.sockets()), "modelname", facts.cpuModel(), "vendor", "jxen", "speed", "0.000"));
        f.put("bios_strings", facts.biosStrings());
        f.put("capabilities", List.of("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64"));
        f.put("edition", "jxen");
        return f;
    }

    /** What XAPI puts in {@code software_version}, naming jxen where XAPI names itself. */
    private Map<String, Object> softwareVersion() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("product_brand", "jxen");
        v.put("product_version", facts.jxenVersion());
        v.put("product_version_text", facts.jxenVersion());
        v.put("product_version_text_short", facts.jxenVersion());
        v.put("platform_name", "jxen");
        v.put("platform_version", facts.jxenVersion());
        v.put("build_number", facts.jxenVersion());
        v.put("xapi", API_MAJOR + "." + API_MINOR);
        v.put("xen", facts.xenVersion());
        v.put("hostname", facts.hostname());
        v.put("date", DateTimes.format(facts.now()).substring(0, 8));
        return v;
    }

    private void ensureCpus(String host) throws XenApiFailure {
        int have = store.refs("host_cpu").size();
        for (int n = have; n < facts.physInfo().cpus(); n++) {
            store.create("host_cpu", Map.of("host", host, "number", (long) n, "vendor", "jxen",
                    "modelname", facts.cpuModel(), "speed", 0L, "utilisation", 0.0));
        }
    }

    private String controlDomain(String host) throws XenApiFailure {
        String vm = null;
        for (var e : store.records("VM").entrySet()) {
            if (Boolean.TRUE.equals(e.getValue().get("is_control_domain"))) {
                vm = e.getKey();
            }
        }
        if (vm == null) {
            vm = store.create("VM", Map.of("name_label", "Control domain on host: " + facts.hostname(),
                    "name_description", "The domain which manages physical devices and manages other domains",
                    "is_control_domain", true, "domain_type", "pv", "metrics", store.create("VM_metrics", Map.of())));
        }
        DomainInfo d = facts.dom0();
        long memory = d.memKb() * 1024;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("power_state", "Running");
        f.put("domid", 0L);
        f.put("resident_on", host);
        f.put("VCPUs_max", (long) d.maxVcpus());
        f.put("VCPUs_at_startup", (long) d.onlineVcpus());
        f.put("memory_static_min", memory);
        f.put("memory_static_max", d.maxMemKb() * 1024);
        f.put("memory_dynamic_min", memory);
        f.put("memory_dynamic_max", memory);
        f.put("memory_target", memory);
        store.set("VM", vm, f);
        store.set("VM_metrics", (String) store.field("VM", vm, "metrics"), Map.of("VCPUs_number",
                (long) d.onlineVcpus(), "memory_actual", memory, "start_time", facts.now(),
                "current_domain_type", "pv", "state", List.of("running")));
        return vm;
    }

    /**
     * jxend's own SR, the one whose PBD names the state directory's {@code sr}, made on the first start;
     * marked as XAPI marks a host's local SR ({@code other_config:i18n-key}), which clients show as such.
     */
    private String localSr(String host) throws XenApiFailure {
        String location = facts.srDirectory().toString();
        String sr = null;
        for (var pbd : store.records("PBD").values()) {
            if (pbd.get("device_config") instanceof Map<?, ?> config && location.equals(config.get("location"))) {
                sr = (String) pbd.get("SR");
            }
        }
        if (sr == null) {
            sr = store.create("SR", Map.of("name_label", "Local storage", "name_description", "Disk images in "
                    + location, "type", "file", "content_type", "user", "shared", false));
            store.create("PBD", Map.of("host", host, "SR", sr, "device_config", Map.of("location", location),
                    "currently_attached", true));
        }
        Map<String, Object> other = new LinkedHashMap<>(asMap(store.field("SR", sr, "other_config")));
        other.put("i18n-key", "local-storage");
        store.set("SR", sr, Map.of("allowed_operations", SrCalls.DISK_SR_OPERATIONS, "other_config", other));
        return sr;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object map) {
        return (Map<String, Object>) map;
    }

    private String network(String host) throws XenApiFailure {
        List<String> networks = store.refs("network");
        String net = networks.isEmpty() ? store.create("network", Map.of("name_label", "Pool-wide network associated"
                + " with eth0", "bridge", "xenbr0", "MTU", 1500L, "managed", true)) : networks.getFirst();
        if (store.refs("PIF").isEmpty()) {
            store.create("PIF", Map.of("device", "eth0", "network", net, "host", host, "MTU", 1500L, "physical", true,
                    "management", true, "currently_attached", true, "ip_configuration_mode", "None",
                    "MAC", "00:16:3e:00:00:01", "VLAN", NO_VLAN));
        }
        for (Map.Entry<String, Map<String, Object>> pif : store.records("PIF").entrySet()) {
            // jxend before its VLANs wrote 0 here, a tag; a physical interface has none
            if (Boolean.TRUE.equals(pif.getValue().get("physical")) && !NO_VLAN.equals(pif.getValue().get("VLAN"))) {
                store.set("PIF", pif.getKey(), "VLAN", NO_VLAN);
            }
        }
        return net;
    }
}
