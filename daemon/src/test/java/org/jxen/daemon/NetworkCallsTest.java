package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * Networks made and removed as XAPI does (xapi_network.ml): an internal network's bridge named
 * {@code xapiN}, made in dom0 when a VIF joins it; names a client may not take; what stops a
 * destroy and what it takes with it.
 */
class NetworkCallsTest extends JxendSessionTest {
    private String createNetwork(String name, String bridge) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>(Map.of("name_label", name, "name_description", "", "MTU", "0",
                "other_config", Map.of(), "bridge", bridge, "tags", List.of()));
        return (String) c.call("network.create", r);
    }

    private String vif(String vm, String network, String device) throws Exception {
        return (String) c.call("VIF.create", Map.of("VM", vm, "network", network, "device", device, "MAC", "",
                "MTU", "1500", "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
    }

    @Test
    void aNewNetworkGetsTheNextFreeInternalBridge_andItsVifsJoinIt() throws Exception {
        String first = createNetwork("private", "");
        String second = createNetwork("private too", "");
        assertThat(c.call("network.get_bridge", first)).isEqualTo("xapi0");
        assertThat(c.call("network.get_bridge", second)).isEqualTo("xapi1");
        assertThat(c.call("network.get_MTU", first)).as("an MTU of 0 is XAPI's 1500").isEqualTo(1500L);
        assertThat(list("network", first, "PIFs")).isEmpty();

        String vm = session.newVm("private-net");
        String nic = vif(vm, second, "0");
        c.call("VM.start", vm, false, false);
        long domid = (Long) c.call("VM.get_domid", vm);
        assertThat(session.xenStore().readString("/local/domain/0/backend/vif/" + domid + "/0/bridge"))
                .isEqualTo("xapi1");
        assertThat(c.call("VIF.get_currently_attached", nic)).isEqualTo(true);
        assertThat(list("network", second, "VIFs")).containsExactly(nic);

        c.call("network.destroy", first);
        assertThat(createNetwork("again", "")).as("a free name is taken again")
                .satisfies(n -> assertThat(c.call("network.get_bridge", n)).isEqualTo("xapi0"));
    }

    @Test
    void aPluggedVifMovesOntoAnotherNetworksBridge_andStaysWhereItWasIfThatBridgeIsMissing() throws Exception {
        String from = createNetwork("from", "");
        String to = createNetwork("to", "");
        String vm = session.newVm("mover");
        String nic = vif(vm, from, "0");
        c.call("VM.start", vm, false, false);
        long domid = (Long) c.call("VM.get_domid", vm);
        String bridge = "/local/domain/0/backend/vif/" + domid + "/0/bridge";
        assertThat(session.xenStore().readString(bridge)).isEqualTo("xapi0");

        c.call("VIF.move", nic, to);
        assertThat(c.call("VIF.get_network", nic)).isEqualTo(to);
        assertThat(c.call("VIF.get_currently_attached", nic)).isEqualTo(true);
        assertThat(session.xenStore().readString(bridge)).isEqualTo("xapi1");
        assertThat(list("network", to, "VIFs")).containsExactly(nic);
        assertThat(list("network", from, "VIFs")).isEmpty();

        String outside = (String) c.call("network.create", new LinkedHashMap<>(Map.of("name_label", "outside",
                "bridge", "ovsbr3", "managed", false)));
        failsWith(() -> c.call("VIF.move", nic, outside), ErrorCodes.BRIDGE_NOT_AVAILABLE, "ovsbr3");
        assertThat(c.call("VIF.get_network", nic)).isEqualTo(to);
        assertThat(session.xenStore().readString(bridge)).isEqualTo("xapi1");

        c.call("VM.hard_shutdown", vm);
        c.call("VIF.move", nic, from);
        assertThat(c.call("VIF.get_network", nic)).as("a VIF not plugged in just changes network").isEqualTo(from);
    }

    @Test
    void aBridgeNameIsRefusedWhenTakenOrReserved() throws Exception {
        String named = createNetwork("storage", "storagebr");
        assertThat(c.call("network.get_bridge", named)).isEqualTo("storagebr");
        failsWith(() -> createNetwork("twice", "storagebr"), ErrorCodes.BRIDGE_NAME_EXISTS, "storagebr");
        for (String reserved : List.of("xenbr7", "xapi9", "vif1.0", "tap0", "eth1", "sixteen-letters!")) {
            failsWith(() -> createNetwork("bad", reserved), ErrorCodes.INVALID_VALUE, "bridge", reserved);
        }
        assertThat((List<?>) c.call("network.get_by_name_label", "bad")).isEmpty();
    }

    @Test
    void destroyRefusesWhileAVifIsPluggedIn_andTakesTheOthersWithIt() throws Exception {
        String net = createNetwork("lab", "");
        String running = session.newVm("running");
        String plugged = vif(running, net, "0");
        String halted = session.newVm("halted");
        String idle = vif(halted, net, "0");
        c.call("VM.start", running, false, false);
        failsWith(() -> c.call("network.destroy", net), ErrorCodes.NETWORK_CONTAINS_VIF, plugged);

        c.call("VM.hard_shutdown", running);
        c.call("network.destroy", net);
        failsWith(() -> c.call("network.get_record", net), ErrorCodes.HANDLE_INVALID, "network", net);
        failsWith(() -> c.call("VIF.get_record", idle), ErrorCodes.HANDLE_INVALID, "VIF", idle);
        assertThat(list("VM", halted, "VIFs")).isEmpty();
        c.call("VM.start", halted, false, false);
        assertThat(c.call("VM.get_power_state", halted)).isEqualTo("Running");
    }

    @Test
    void theHostsOwnNetworkStays_andAnUnmanagedBridgeMustExist() throws Exception {
        String pool = ((List<?>) c.call("network.get_all")).getFirst().toString();
        String pif = list("network", pool, "PIFs").getFirst().toString();
        failsWith(() -> c.call("network.destroy", pool), ErrorCodes.NETWORK_CONTAINS_PIF, pif);

        Map<String, Object> r = new LinkedHashMap<>(Map.of("name_label", "outside", "bridge", "ovsbr3", "managed", false));
        String outside = (String) c.call("network.create", r);
        String vm = session.newVm("outside");
        vif(vm, outside, "0");
        failsWith(() -> c.call("VM.start", vm, false, false), ErrorCodes.BRIDGE_NOT_AVAILABLE, "ovsbr3");
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Halted");
    }
}
