package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * VLANs as XAPI makes them (xapi_vlan.ml, xapi_pif.ml): a network's untagged PIF on a tag of the
 * host's interface, which VMs' VIFs join; XAPI's checks; what keeps a VLAN and what removes it.
 */
class VlanCallsTest extends JxendSessionTest {
    private static final String NULL = "OpaqueRef:NULL";
    private String host;
    private String eth0;

    @BeforeEach
    void theHostsInterface() throws Exception {
        host = ((List<?>) c.call("host.get_all")).getFirst().toString();
        eth0 = list("host", host, "PIFs").getFirst().toString();
    }

    private String network(String name) throws Exception {
        return (String) c.call("network.create", new LinkedHashMap<>(Map.of("name_label", name, "MTU", "1500",
                "other_config", Map.of(), "bridge", "", "tags", List.of())));
    }

    @Test
    void aVlanPutsAnUntaggedPifOnItsNetwork_whoseVifsJoinItsBridge() throws Exception {
        String net = network("vlan 10");
        String vlan = (String) c.call("VLAN.create", eth0, 10L, net);
        String pif = (String) field("VLAN", vlan, "untagged_PIF");
        assertThat(field("VLAN", vlan, "tagged_PIF")).isEqualTo(eth0);
        assertThat(field("VLAN", vlan, "tag")).isEqualTo(10L);
        assertThat(c.call("PIF.get_record", pif)).isInstanceOfSatisfying(Map.class, r -> assertThat(r)
                .containsEntry("device", "eth0").containsEntry("VLAN", 10L).containsEntry("MAC", "fe:ff:ff:ff:ff:ff")
                .containsEntry("network", net).containsEntry("host", host).containsEntry("physical", false)
                .containsEntry("currently_attached", true).containsEntry("VLAN_master_of", vlan)
                .containsEntry("management", false));
        assertThat(list("PIF", eth0, "VLAN_slave_of")).containsExactly(vlan);
        assertThat(list("network", net, "PIFs")).containsExactly(pif);
        assertThat(c.call("VLAN.get_all")).isEqualTo(List.of(vlan));

        String vm = session.newVm("on a vlan");
        String vif = (String) c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "0", "MAC", "",
                "MTU", "1500", "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
        c.call("VM.start", vm, false, false);
        long domid = (Long) c.call("VM.get_domid", vm);
        assertThat(session.xenStore().readString("/local/domain/0/backend/vif/" + domid + "/0/bridge"))
                .isEqualTo(c.call("network.get_bridge", net));

        failsWith(() -> c.call("PIF.unplug", pif), ErrorCodes.VIF_IN_USE, net, vif);
        failsWith(() -> c.call("VLAN.destroy", vlan), ErrorCodes.VIF_IN_USE, net, vif);
        failsWith(() -> c.call("network.destroy", net), ErrorCodes.NETWORK_CONTAINS_VIF, vif);
        c.call("VM.hard_shutdown", vm);
        failsWith(() -> c.call("network.destroy", net), ErrorCodes.NETWORK_CONTAINS_PIF, pif);
        c.call("PIF.unplug", pif);
        assertThat(field("PIF", pif, "currently_attached")).isEqualTo(false);
        c.call("VM.start", vm, false, false);
        assertThat(field("PIF", pif, "currently_attached")).as("plugged again when a VIF needs it").isEqualTo(true);
        c.call("VM.hard_shutdown", vm);

        c.call("VLAN.destroy", vlan);
        failsWith(() -> c.call("PIF.get_record", pif), ErrorCodes.HANDLE_INVALID, "PIF", pif);
        assertThat(list("PIF", eth0, "VLAN_slave_of")).isEmpty();
        assertThat(list("network", net, "PIFs")).isEmpty();
        c.call("network.destroy", net);
    }

    @Test
    void xapisChecksRefuseAVlanThatCannotBe() throws Exception {
        String net = network("ten");
        String vlan = (String) c.call("VLAN.create", eth0, 10L, net);
        String pif = (String) field("VLAN", vlan, "untagged_PIF");
        String other = network("other");
        failsWith(() -> c.call("VLAN.create", eth0, 10L, other), ErrorCodes.PIF_VLAN_EXISTS, "eth0");
        failsWith(() -> c.call("VLAN.create", eth0, 11L, net), ErrorCodes.NETWORK_ALREADY_CONNECTED, host, pif);
        failsWith(() -> c.call("VLAN.create", pif, 11L, other), ErrorCodes.PIF_IS_VLAN, pif);
        for (long tag : List.of(-1L, 4095L)) {
            failsWith(() -> c.call("VLAN.create", eth0, tag, other), ErrorCodes.VLAN_TAG_INVALID, Long.toString(tag));
        }
        String unmanaged = (String) c.call("network.create", new LinkedHashMap<>(Map.of("name_label", "outside",
                "bridge", "ovsbr3", "managed", false)));
        failsWith(() -> c.call("VLAN.create", eth0, 12L, unmanaged), ErrorCodes.NETWORK_UNMANAGED, unmanaged);
        String pool = ((List<?>) c.call("network.get_all")).getFirst().toString();
        failsWith(() -> c.call("VLAN.create", eth0, 12L, pool), ErrorCodes.NETWORK_ALREADY_CONNECTED, host, eth0);
        failsWith(() -> c.call("PIF.unplug", eth0), ErrorCodes.PIF_IS_MANAGEMENT_IFACE, eth0);
        failsWith(() -> c.call("PIF.destroy", eth0), ErrorCodes.PIF_IS_PHYSICAL);
        failsWith(() -> c.call("pool.create_VLAN", "eth9", other, 12L), ErrorCodes.INVALID_VALUE, "device", "eth9");
        assertThat(c.call("VLAN.get_all")).isEqualTo(List.of(vlan));
        assertThat(list("network", other, "PIFs")).isEmpty();
    }

    @Test
    void thePoolsAndThePifsOwnCallsMakeAndRemoveVlansToo() throws Exception {
        String twenty = network("twenty");
        List<?> made = (List<?>) c.call("pool.create_VLAN", "eth0", twenty, 20L);
        String pif = made.getFirst().toString();
        assertThat(field("PIF", pif, "VLAN")).isEqualTo(20L);
        String thirty = network("thirty");
        String fromPif = ((List<?>) c.call("pool.create_VLAN_from_PIF", eth0, thirty, 30L)).getFirst().toString();
        assertThat(field("PIF", fromPif, "network")).isEqualTo(thirty);
        String forty = network("forty");
        String deprecated = (String) c.call("PIF.create_VLAN", "eth0", forty, host, 40L);
        assertThat(field("PIF", deprecated, "VLAN")).isEqualTo(40L);
        assertThat(list("PIF", eth0, "VLAN_slave_of")).hasSize(3);

        for (String p : List.of(pif, fromPif, deprecated)) {
            c.call("PIF.destroy", p);
        }
        assertThat((List<?>) c.call("VLAN.get_all")).isEmpty();
        assertThat(list("PIF", eth0, "VLAN_slave_of")).isEmpty();
        assertThat(field("PIF", eth0, "VLAN_master_of")).isEqualTo(NULL);
    }
}
