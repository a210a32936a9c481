package org.jxen.daemon.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XAPI's reading of a guest agent's keys (xapi_guest_agent.ml v26.13.0), case by case: each
 * expectation worked out from XAPI's code for the snapshot given.
 */
class GuestAgentDataTest {
    /** A snapshot as xenopsd reads one: every node on the way with its value ("" for a directory). */
    private static Map<String, String> tree(String... pathsAndValues) {
        Map<String, String> t = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            String path = pathsAndValues[i];
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                t.putIfAbsent(path.substring(0, slash), "");
            }
            t.put(path, pathsAndValues[i + 1]);
        }
        return t;
    }

    @Test
    void aLinuxAgentsKeys() {
        Map<String, Object> f = GuestAgentData.fields(tree(
                "control/feature-poweroff", "1", "control/shutdown", "",
                "data/os_name", "Debian GNU/Linux 12 (bookworm)", "data/os_uname", "6.1.0-26-amd64",
                "data/os_distro", "debian", "data/os_majorver", "12", "data/os_minorver", "7",
                "data/host_name_dns", "web", "data/domain", "example.org", "data/ts", "1733050000",
                "attr/PVAddons/MajorVersion", "8", "attr/PVAddons/MinorVersion", "4", "attr/PVAddons/MicroVersion", "0",
                "attr/vif/0/ipv4/1", "10.0.0.8", "attr/vif/0/ipv4/0", "10.0.0.7", "attr/vif/0/ipv6/0", "fe80::1",
                "attr/vif/1/ipv6/0", "2001:db8::2",
                "feature/hotplug/vif", "1", "feature/hotplug/vbd", "0",
                "data/service/ssh/port", "22", "data/pvs_target/target_software_version", "1.2"));
        assertThat(f.get("os_version")).isEqualTo(Map.of("name", "Debian GNU/Linux 12 (bookworm)",
                "uname", "6.1.0-26-amd64", "distro", "debian", "major", "12", "minor", "7"));
        assertThat(f.get("netbios_name")).isEqualTo(Map.of("host_name", "web.example.org"));
        assertThat(f.get("PV_drivers_version")).isEqualTo(Map.of("major", "8", "minor", "4", "micro", "0"));
        // the first IPv4 address by index is also N/ip; IPv6 has no such alias
        assertThat(f.get("networks")).isEqualTo(Map.of("0/ip", "10.0.0.7", "0/ipv4/0", "10.0.0.7",
                "0/ipv4/1", "10.0.0.8", "0/ipv6/0", "fe80::1", "1/ipv6/0", "2001:db8::2"));
        assertThat(f.get("other")).isEqualTo(Map.of("feature-poweroff", "1", "shutdown", "", "data-ts", "1733050000"));
        assertThat(f.get("can_use_hotplug_vif")).isEqualTo("yes");
        assertThat(f.get("can_use_hotplug_vbd")).isEqualTo("no");
        assertThat(f.get("services")).isEqualTo(Map.of("ssh/port", "22",
                "pvs_target/target_software_version", "1.2"));
    }

    @Test
    void noAgentGivesOnlyTheControlKeys() {
        Map<String, Object> f = GuestAgentData.fields(tree("control/feature-reboot", "1", "control/sysrq", ""));
        assertThat(f.get("other")).isEqualTo(Map.of("feature-reboot", "1", "sysrq", ""));
        for (String empty : new String[] {"os_version", "netbios_name", "PV_drivers_version", "networks", "services"}) {
            assertThat((Map<?, ?>) f.get(empty)).as(empty).isEmpty();
        }
        assertThat(f.get("can_use_hotplug_vbd")).isEqualTo("unspecified");
    }

    @Test
    void theOlderProtocolNamesInterfaces() {
        // no attr/vif: attr/ethN (and xenbr, eno, ens, emp, enx names), N after the prefix
        Map<String, Object> f = GuestAgentData.fields(tree("attr/eth0/ip", "192.168.1.5",
                "attr/eth0/ipv6/0/addr", "fe80::5", "attr/ens3/ip", "192.168.2.5", "attr/lo/ip", "127.0.0.1",
                "data/host_name_dns", "db"));
        assertThat(f.get("networks")).isEqualTo(Map.of("0/ip", "192.168.1.5", "0/ipv4/0", "192.168.1.5",
                "0/ipv6/0", "fe80::5", "3/ip", "192.168.2.5", "3/ipv4/0", "192.168.2.5"));
        assertThat(f.get("netbios_name")).isEqualTo(Map.of("host_name", "db"));
    }

    @Test
    void aVifWithAnAddressIndexThatIsNotANumberGivesNoneOfItsAddresses() {
        Map<String, Object> f = GuestAgentData.fields(tree("attr/vif/0/ipv4/0", "10.0.0.7",
                "attr/vif/0/ipv6/x", "fe80::1", "attr/vif/1/ipv4/0", "10.1.0.7",
                "xenserver/attr/net-sriov-vf/2/ipv4/0", "10.2.0.7"));
        assertThat(f.get("networks")).isEqualTo(Map.of("1/ip", "10.1.0.7", "1/ipv4/0", "10.1.0.7",
                "2/ip", "10.2.0.7", "2/ipv4/0", "10.2.0.7"));
    }

    @Test
    void windowsDriversAndACantSuspendReason() {
        Map<String, Object> f = GuestAgentData.fields(tree("drivers/0", "XenServer XENBUS 9.1.9.105 ",
                "drivers/1", "XenServer XENVIF 9.1.12.101 ", "drivers/info", "not an index",
                "attr/PVAddons/MajorVersion", "9", "control/feature-suspend", "1",
                "data/cant_suspend_reason", "a device is busy", "attr/os/spmajor", "1"));
        assertThat(f.get("PV_drivers_version")).isEqualTo(Map.of("micro", "-1", "major", "9",
                "xenbus", "XenServer 9.1.9.105 ", "xenvif", "XenServer 9.1.12.101 "));
        assertThat(f.get("other")).isEqualTo(Map.of("data-cant-suspend-reason", "a device is busy"));
        assertThat(f.get("os_version")).isEqualTo(Map.of("spmajor", "1"));
    }
}
