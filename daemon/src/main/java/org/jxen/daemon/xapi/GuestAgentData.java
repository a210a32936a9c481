package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a guest's agent (XenServer's xe-guest-utilities, the Rust xen-guest-agent, Windows PV
 * drivers) says about it in its XenStore home, as VM_guest_metrics' fields, by XAPI's rules
 * (xapi_guest_agent.ml v26.13.0): the OS from {@code data/os_*}, the agent's version from
 * {@code attr/PVAddons}, IP addresses from {@code attr/vif/N/ipv4|ipv6/M} (or the older
 * {@code attr/ethN/ip}), the guest's {@code control/} keys, services from {@code data/service}.
 * The guest's home is read as xenopsd reads it ({@link #READS}) into a snapshot: relative path →
 * value.
 */
final class GuestAgentData {
    /** A subtree xenopsd reads: its directory, a path skipped in it, and how deep it descends. */
    record Read(String dir, String excluded, int depth) {
    }

    /** xenopsd's list (xenops_server_xen.ml): depth 0 reads a directory's children's values and stops. */
    static final List<Read> READS = List.of(new Read("control", null, 0), new Read("feature/hotplug", null, 0),
            new Read("xenserver/attr", null, 3), new Read("attr", "attr/os/hotfixes", 3), new Read("drivers", null, 0),
            new Read("data", null, 0), new Read("data/service", null, 1), new Read("data/pvs_target", null, 0));

    private static final List<Map.Entry<String, String>> PV_DRIVERS_VERSION = List.of(
            Map.entry("attr/PVAddons/MajorVersion", "major"), Map.entry("attr/PVAddons/MinorVersion", "minor"),
            Map.entry("attr/PVAddons/MicroVersion", "micro"), Map.entry("attr/PVAddons/BuildVersion", "build"),
            Map.entry("attr/PVAddons/Application", "application"));
    private static final List<Map.Entry<String, String>> OS_VERSION = List.of(Map.entry("data/os_name", "name"),
            Map.entry("data/os_uname", "uname"), Map.entry("data/os_distro", "distro"),
            Map.entry("data/os_majorver", "major"), Map.entry("data/os_minorver", "minor"),
            Map.entry("attr/os/spmajor", "spmajor"), Map.entry("attr/os/spminor", "spminor"));
    /** Interface names whose rest is the network's index, in XAPI's order of trying. */
    private static final List<String> INTERFACE_PREFIXES = List.of("eth", "xenbr", "eno", "ens", "emp", "enx");
    /** XAPI's guest_service_keys: keys of {@code data/} that are services too. */
    private static final List<String> SERVICE_KEYS = List.of("pvs_target/target_software_version");

    private final Map<String, String> values;

    private GuestAgentData(Map<String, String> values) {
        this.values = values;
    }

    /** The fields of VM_guest_metrics that the snapshot {@code values} (relative path → value) gives. */
    static Map<String, Object> fields(Map<String, String> values) {
        return new GuestAgentData(values).fields();
    }

    private Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("os_version", pick(OS_VERSION));
        f.put("netbios_name", netbiosName());
        f.put("PV_drivers_version", pvDriversVersion());
        f.put("networks", pick(networks("attr", "vif", "xenserver/attr", "net-sriov-vf")));
        f.put("other", other());
        f.put("can_use_hotplug_vbd", tristate("feature/hotplug/vbd"));
        f.put("can_use_hotplug_vif", tristate("feature/hotplug/vif"));
        f.put("services", services());
        return f;
    }

    /** The names directly below {@code dir} in the snapshot, in the order read, each once. */
    private List<String> list(String dir) {
        Set<String> names = new LinkedHashSet<>();
        String prefix = dir + "/";
        for (String path : values.keySet()) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return new ArrayList<>(names);
    }

    /** Each (XenStore key, map key) whose key has a value, as the map key and that value. */
    private Map<String, String> pick(List<Map.Entry<String, String>> keys) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> k : keys) {
            String v = values.get(k.getKey());
            if (v != null) {
                m.put(k.getValue(), v);
            }
        }
        return m;
    }

    private Map<String, String> netbiosName() {
        String host = values.get("data/host_name_dns");
        String domain = values.get("data/domain");
        if (host == null) {
            return Map.of();
        }
        return Map.of("host_name", domain == null ? host : host + "." + domain);
    }

    /** The agent's version, Windows drivers' versions from {@code drivers/N}; "micro" -1 when the agent gives none. */
    private Map<String, String> pvDriversVersion() {
        Map<String, String> m = pick(PV_DRIVERS_VERSION);
        for (String index : list("drivers")) {
            String line = values.get("drivers/" + index);
            if (line != null && isNumber(index)) {
                // "VENDOR DRIVER VERSION ATTR": the driver's name, lower case, → "VENDOR VERSION ATTR"
                String[] p = line.split(" ", 4);
                String[] parts = {"", "", "", ""};
                System.arraycopy(p, 0, parts, 0, p.length);
                m.put(parts[1].toLowerCase(Locale.ROOT), parts[0] + " " + parts[2] + " " + parts[3].replace("\n", ""));
            }
        }
        if (!m.isEmpty() && !m.containsKey("micro")) {
            Map<String, String> withMicro = new LinkedHashMap<>();
            withMicro.put("micro", "-1");
            withMicro.putAll(m);
            return withMicro;
        }
        return m;
    }

    /**
     * The (XenStore key, map key) pairs of the IP addresses under {@code attr} ({@code vif}s) and
     * {@code sriovAttr} ({@code sriovType}, SR-IOV VFs): for each device N, its first IPv4 address
     * as {@code N/ip} and every address as {@code N/ipv4/M} and {@code N/ipv6/M}; an agent without
     * {@code attr/vif} gives {@code attr/ethN/ip} and {@code attr/ethN/ipv6/M/addr}.
     */
    private List<Map.Entry<String, String>> networks(String attr, String vifType, String sriovAttr, String sriovType) {
        List<Map.Entry<String, String>> keys = new ArrayList<>(networksUnder(attr, vifType));
        keys.addAll(networksUnder(sriovAttr, sriovType));
        return keys;
    }

    private List<Map.Entry<String, String>> networksUnder(String path, String vifType) {
        List<Map.Entry<String, String>> keys = new ArrayList<>();
        List<String> vifs = list(path + "/" + vifType);
        if (vifs.isEmpty()) {
            for (String name : list(path)) {
                String index = interfaceIndex(name);
                if (index != null) {
                    String at = path + "/" + name;
                    keys.add(Map.entry(at + "/ip", index + "/ip"));
                    keys.add(Map.entry(at + "/ip", index + "/ipv4/0"));
                    for (String n : list(at + "/ipv6")) {
                        keys.add(Map.entry(at + "/ipv6/" + n + "/addr", index + "/ipv6/" + n));
                    }
                }
            }
            return keys;
        }
        for (String vif : vifs) {
            keys.addAll(vifAddresses(path + "/" + vifType + "/" + vif, vif));
        }
        return keys;
    }

    private static String interfaceIndex(String name) {
        for (String prefix : INTERFACE_PREFIXES) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return null;
    }

    /** One device's addresses; none at all, as XAPI gives, when an address's index is not a number. */
    private List<Map.Entry<String, String>> vifAddresses(String at, String vif) {
        List<Map.Entry<String, String>> keys = new ArrayList<>();
        for (String version : list(at)) {
            if (!version.equals("ipv4") && !version.equals("ipv6")) {
                continue;
            }
            List<String> ids = list(at + "/" + version);
            if (!ids.stream().allMatch(GuestAgentData::isNumber)) {
                return List.of();
            }
            ids.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            for (int i = 0; i < ids.size(); i++) {
                String key = at + "/" + version + "/" + ids.get(i);
                if (i == 0 && version.equals("ipv4")) {
                    keys.add(Map.entry(key, vif + "/ip"));
                }
                keys.add(Map.entry(key, vif + "/" + version + "/" + ids.get(i)));
            }
        }
        return keys;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    /**
     * A key per {@code control/} key, and {@code data-ts}: with {@code data/cant_suspend_reason} set,
     * {@code feature-suspend} is that reason under {@code data-cant-suspend-reason}.
     */
    private Map<String, String> other() {
        Map<String, String> m = new LinkedHashMap<>();
        String cantSuspend = values.get("data/cant_suspend_reason");
        for (String key : list("control")) {
            String v = values.get("control/" + key);
            if (v == null) {
                continue;
            }
            if (key.equals("feature-suspend") && cantSuspend != null) {
                m.put("data-cant-suspend-reason", cantSuspend);
            } else {
                m.put(key, v);
            }
        }
        String ts = values.get("data/ts");
        if (ts != null) {
            m.put("data-ts", ts);
        }
        return m;
    }

    private String tristate(String key) {
        String v = values.get(key);
        return "1".equals(v) ? "yes" : "0".equals(v) ? "no" : "unspecified";
    }

    /** {@code data/service/NAME/KEY} as {@code NAME/KEY}, then XAPI's service keys of {@code data/}. */
    private Map<String, String> services() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String service : list("data/service")) {
            for (String key : list("data/service/" + service)) {
                m.put(service + "/" + key, values.getOrDefault("data/service/" + service + "/" + key, ""));
            }
        }
        for (String key : SERVICE_KEYS) {
            String v = values.get("data/" + key);
            if (v != null) {
                m.put(key, v);
            }
        }
        return m;
    }
}
