package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.xenstore.client.XsClient;

/**
 * VM_guest_metrics as XAPI keeps it, end to end on a simulated host: made when the VM's domain is,
 * from the guest's {@code control/} keys and its frontends; updated when the guest's agent writes
 * its keys (this test writes them into the guest's home as an agent would); a new one at the next
 * start, the old one gone.
 */
class GuestMetricsTest extends JxendSessionTest {
    private static final String NULL = "OpaqueRef:NULL";

    private XsClient xs;

    @BeforeEach
    void start() throws Exception {
        xs = session.xenStore();
    }

    /** Waits (10 s at most) for {@code what} to give a non-null result and returns it. */
    private static <T> T eventually(Callable<T> what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            T v = what.call();
            if (v != null || System.nanoTime() > deadline) {
                return v;
            }
            Thread.sleep(20);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metrics(String gm) throws Exception {
        return (Map<String, Object>) c.call("VM_guest_metrics.get_record", gm);
    }

    private String guestMetrics(String vm) throws Exception {
        String gm = (String) c.call("VM.get_guest_metrics", vm);
        return NULL.equals(gm) ? null : gm;
    }

    @Test
    void aRunningGuestsAgentKeysBecomeItsGuestMetrics() throws Exception {
        String vm = session.newVm("web");
        assertThat(guestMetrics(vm)).isNull();
        c.call("VM.start", vm, false, false);
        String gm = eventually(() -> guestMetrics(vm));
        assertThat(gm).isNotNull();
        // the simulated kernel, without an agent: its control/ keys, and PV drivers once its disk is Connected
        Map<String, Object> booted = eventually(() -> {
            Map<String, Object> r = metrics(gm);
            return Boolean.TRUE.equals(r.get("PV_drivers_detected")) ? r : null;
        });
        assertThat(booted).isNotNull();
        assertThat(booted.get("live")).isEqualTo(true);
        assertThat(booted.get("PV_drivers_up_to_date")).isEqualTo(true);
        assertThat(booted.get("other")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("feature-poweroff", "1").containsEntry("platform-feature-multiprocessor-suspend", "1");
        assertThat((Map<?, ?>) booted.get("networks")).isEmpty();
        assertThat((Map<?, ?>) booted.get("os_version")).isEmpty();

        String home = "/local/domain/" + c.call("VM.get_domid", vm);
        xs.transaction(tx -> { // what xe-guest-utilities writes
            tx.write(home + "/data/os_name", "Debian GNU/Linux 12 (bookworm)");
            tx.write(home + "/data/os_distro", "debian");
            tx.write(home + "/data/host_name_dns", "web");
            tx.write(home + "/attr/PVAddons/MajorVersion", "8");
            tx.write(home + "/attr/PVAddons/MinorVersion", "4");
            tx.write(home + "/attr/vif/0/ipv4/0", "10.0.0.7");
            tx.write(home + "/attr/vif/0/ipv6/0", "fe80::7");
            tx.write(home + "/feature/hotplug/vif", "1");
            return null;
        });
        Map<String, Object> agent = eventually(() -> {
            Map<String, Object> r = metrics(gm);
            return ((Map<?, ?>) r.get("networks")).isEmpty() ? null : r;
        });
        assertThat(agent).isNotNull();
        assertThat(agent.get("networks")).isEqualTo(Map.of("0/ip", "10.0.0.7", "0/ipv4/0", "10.0.0.7",
                "0/ipv6/0", "fe80::7"));
        assertThat(agent.get("os_version")).isEqualTo(Map.of("name", "Debian GNU/Linux 12 (bookworm)",
                "distro", "debian"));
        assertThat(agent.get("netbios_name")).isEqualTo(Map.of("host_name", "web"));
        assertThat(agent.get("PV_drivers_version")).isEqualTo(Map.of("major", "8", "minor", "4", "micro", "-1"));
        assertThat(agent.get("can_use_hotplug_vif")).isEqualTo("yes");

        xs.write(home + "/attr/vif/0/ipv4/0", "10.0.0.9"); // DHCP gave it another
        assertThat(eventually(() -> "10.0.0.9".equals(((Map<?, ?>) metrics(gm).get("networks")).get("0/ip")) ? true : null))
                .isTrue();

        c.call("VM.hard_shutdown", vm);
        assertThat(guestMetrics(vm)).isEqualTo(gm); // a halted VM keeps its last record
        c.call("VM.start", vm, false, false);
        String next = eventually(() -> {
            String now = guestMetrics(vm);
            return now != null && !now.equals(gm) ? now : null;
        });
        assertThat(next).isNotNull();
        assertThat((Map<?, ?>) metrics(next).get("networks")).isEmpty(); // the last boot's addresses are not this one's
        assertThat(c.call("VM_guest_metrics.get_all")).isEqualTo(java.util.List.of(next));
        c.call("VM.hard_shutdown", vm);
        c.call("VM.destroy", vm);
        assertThat(c.call("VM_guest_metrics.get_all")).isEqualTo(java.util.List.of()); // gone with its VM
    }
}
