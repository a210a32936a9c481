package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;
import org.jxen.api.client.XenApiClient;

/**
 * The calls an administrator reaches for when something looks wrong, as {@code xe} makes them:
 * {@code VM.power_state_reset}, {@code host.dmesg}, the memory a host has free and a VM costs,
 * {@code VIF.unplug_force}.
 */
class RecoveryCallsTest extends JxendSessionTest {
    private String host;

    @BeforeEach
    void start() throws Exception {
        host = ((List<?>) c.call("host.get_all")).getFirst().toString();
    }

    @Test
    void powerStateResetRefusesALiveDomainAndTheControlDomain_andHaltsASuspendedVm() throws Exception {
        String vm = session.newVm("stuck");
        c.call("VM.start", vm, false, false);
        failsWith(() -> c.call("VM.power_state_reset", vm), ErrorCodes.DOMAIN_EXISTS, vm);
        String dom0 = (String) c.call("host.get_control_domain", host);
        failsWith(() -> c.call("VM.power_state_reset", dom0), ErrorCodes.CANNOT_RESET_CONTROL_DOMAIN, dom0);

        c.call("VM.suspend", vm);
        String memory = (String) c.call("VM.get_suspend_VDI", vm);
        c.call("VM.power_state_reset", vm);
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Halted");
        assertThat(c.call("VM.get_suspend_VDI", vm)).isEqualTo("OpaqueRef:NULL");
        failsWith(() -> c.call("VDI.get_record", memory), ErrorCodes.HANDLE_INVALID, "VDI", memory);
        c.call("VM.start", vm, false, false);
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Running");
    }

    @Test
    void theHostsLogFreeMemoryAndAVmsCost() throws Exception {
        assertThat((String) c.call("host.dmesg", host)).contains("Xen version").endsWith("\n");
        long free = (Long) c.call("host.compute_free_memory", host);
        assertThat(free).isEqualTo((Long) ((Map<?, ?>) c.call("jxen.get_host_physinfo")).get("free_memory_kb") * 1024);
        String vm = session.newVm("sized");
        long overhead = (Long) c.call("VM.compute_memory_overhead", vm);
        assertThat(overhead).as("a few MiB for a small guest (VmMemoryTest has the arithmetic)").isPositive()
                .isLessThan((Long) c.call("VM.get_memory_static_max", vm));
        long most = (Long) c.call("VM.maximise_memory", vm, free, false);
        assertThat(most).isPositive().isLessThan(free).isEqualTo(most / (1 << 20) * (1 << 20));
    }

    @Test
    void aForcedVifUnplugTakesTheNicOutOfTheGuest() throws Exception {
        String vm = session.newVm("nic");
        String net = ((List<?>) c.call("network.get_all")).getFirst().toString();
        String vif = (String) c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "0", "MAC", "",
                "MTU", "1500", "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
        c.call("VM.start", vm, false, false);
        assertThat(c.call("VIF.get_currently_attached", vif)).isEqualTo(true);
        c.call("VIF.unplug_force", vif);
        assertThat(c.call("VIF.get_currently_attached", vif)).isEqualTo(false);
        long domid = (Long) c.call("VM.get_domid", vm);
        assertThat((List<?>) c.call("jxen.get_domain_devices", domid, "vif")).isEmpty();
    }

    @Test
    void aDisabledHostStartsAndResumesNothingUntilItIsEnabled() throws Exception {
        String running = session.newVm("running");
        c.call("VM.start", running, false, false);
        c.call("VM.suspend", running);
        String halted = session.newVm("halted");
        c.call("host.disable", host, true);
        assertThat(c.call("host.get_enabled", host)).isEqualTo(false);
        failsWith(() -> c.call("VM.start", halted, false, false), ErrorCodes.NO_HOSTS_AVAILABLE);
        failsWith(() -> c.call("VM.start_on", halted, host, false, false), ErrorCodes.HOST_DISABLED, host);
        failsWith(() -> c.call("VM.resume", running, false, false), ErrorCodes.NO_HOSTS_AVAILABLE);
        failsWith(() -> c.call("VM.assert_can_boot_here", halted, host), ErrorCodes.HOST_DISABLED, host);
        failsWith(() -> c.call("VM.start_on", halted, "OpaqueRef:none", false, false), ErrorCodes.HANDLE_INVALID,
                "host", "OpaqueRef:none");
        c.call("host.enable", host);
        c.call("VM.resume_on", running, host, false, false);
        c.call("VM.start", halted, false, false);
        assertThat(c.call("VM.get_power_state", halted)).isEqualTo("Running");
        assertThat(c.call("VM.get_power_state", running)).isEqualTo("Running");
    }

    @Test
    void vmShutdownIsCleanOrElseHard_andTheHostSaysWhereAVmCouldStart() throws Exception {
        String vm = session.newVm("either");
        assertThat(list("VM", vm, "possible_hosts")).containsExactly(host);
        failsWith(() -> c.call("VM.shutdown", vm), ErrorCodes.VM_BAD_POWER_STATE, vm, "running", "halted");
        c.call("VM.start", vm, false, false);
        c.call("VM.shutdown", vm);
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Halted");
        c.call("VM.start", vm, true, false);
        c.call("VM.shutdown", vm); // paused: the clean shutdown fails, the hard one does it
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Halted");
        c.call("VM.update_allowed_operations", vm);
        assertThat(list("VM", vm, "allowed_operations")).contains("start");
        c.call("host.disable", host, true);
        assertThat((List<?>) c.call("VM.get_possible_hosts", vm)).isEmpty();
    }

    @Test
    void theHostsLocalTimeIsItsWallClockWithoutAZone() throws Exception {
        LocalDateTime before = LocalDateTime.now().withNano(0);
        String local = (String) c.call("host.get_server_localtime", host);
        assertThat(local).matches("\\d{8}T\\d\\d:\\d\\d:\\d\\d");
        assertThat(LocalDateTime.parse(local, DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss")))
                .isBetween(before, LocalDateTime.now());
    }

    @Test
    void aHostOfAPoolOfOneCanBeEvacuatedOnlyWhenNothingRunsOnIt() throws Exception {
        c.call("host.assert_can_evacuate", host);
        c.call("host.evacuate", host);
        String vm = session.newVm("staying");
        c.call("VM.start", vm, false, false);
        assertThat(c.call("host.get_vms_which_prevent_evacuation", host))
                .isEqualTo(Map.of(vm, List.of(ErrorCodes.NO_HOSTS_AVAILABLE, vm)));
        failsWith(() -> c.call("host.assert_can_evacuate", host), ErrorCodes.CANNOT_EVACUATE_HOST,
                ErrorCodes.NO_HOSTS_AVAILABLE + "," + vm);
        failsWith(() -> c.call("host.evacuate", host), ErrorCodes.NO_HOSTS_AVAILABLE, vm);
        c.call("VM.suspend", vm);
        c.call("host.evacuate", host);
        assertThat((Map<?, ?>) c.call("host.get_vms_which_prevent_evacuation", host)).isEmpty();
    }

    @Test
    void theDatabaseTheManagementNicAndEventIds() throws Exception {
        long before = (Long) c.call("event.get_current_id");
        session.newVm("counted");
        assertThat((Long) c.call("event.get_current_id")).isGreaterThan(before);
        c.call("pool.sync_database");
        String pif = (String) c.call("host.get_management_interface", host);
        assertThat(c.call("PIF.get_management", pif)).isEqualTo(true);
        String sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
        c.call("SR.update", sr);
        c.call("VDI.update", ((List<?>) c.call("SR.get_VDIs", sr)).getFirst());
    }

    @Test
    void aUserChangesItsPasswordKnowingTheOldOne() throws Exception {
        String old = session.jxend().rootPassword();
        failsWith(() -> c.call("session.change_password", "not it", "new secret"), ErrorCodes.CHANGE_PASSWORD_REJECTED,
                "the old password given is not root's");
        failsWith(() -> c.call("session.change_password", old, ""), ErrorCodes.CHANGE_PASSWORD_REJECTED,
                "the new password is empty");
        c.call("session.change_password", old, "new secret");
        try (XenApiClient other = XenApiClient.http(session.jxend().http(), false)) {
            failsWith(() -> other.login("root", old), ErrorCodes.SESSION_AUTHENTICATION_FAILED, "root",
                    "Authentication failure");
            other.login("root", "new secret");
        }
    }

    @Test
    void theEmergencyLoginIsALoginOfThisHost_andItsLogoutEndsIt() throws Exception {
        String password = session.jxend().rootPassword();
        failsWith(() -> c.callWithoutSession("session.slave_local_login_with_password", List.of("root", "wrong")),
                ErrorCodes.SESSION_AUTHENTICATION_FAILED, "root", "Authentication failure");
        String local = (String) c.callWithoutSession("session.slave_local_login_with_password", List.of("root", password));
        assertThat(c.callWithoutSession("host.get_enabled", List.of(local, host))).isEqualTo(true);
        c.callWithoutSession("session.local_logout", List.of(local));
        failsWith(() -> c.callWithoutSession("host.get_record", List.of(local, host)), ErrorCodes.SESSION_INVALID, local);
    }
}
