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
 * A VM's BIOS strings as XAPI keeps them (xapi_vm.ml, xapi_vm_helpers.ml): Xen Orchestra copies the
 * host's into a VM it makes from a template, other clients set some of XAPI's generic ones; either
 * only once; a VM started without any gets the generic set.
 */
class BiosStringsTest extends JxendSessionTest {
    private static final String OEM_2 = "MS_VM_CERT/SHA1/bdbeb6e0a816d43fa6d3fe8aaef04c2bad9d3e3d";

    private String host;

    @BeforeEach
    void start() throws Exception {
        host = ((List<?>) c.call("host.get_all")).getFirst().toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> strings(String cls, String ref) throws Exception {
        return (Map<String, Object>) c.call(cls + ".get_bios_strings", ref);
    }

    private Map<String, Object> strings(String vm) throws Exception {
        return strings("VM", vm);
    }

    @Test
    void theSimulatedHostHasXapisKeys() throws Exception {
        Map<String, Object> h = strings("host", host);
        assertThat(h.keySet()).containsExactlyInAnyOrder("bios-vendor", "bios-version", "system-manufacturer",
                "system-product-name", "system-version", "system-serial-number", "baseboard-manufacturer",
                "baseboard-product-name", "baseboard-version", "baseboard-serial-number", "oem-1", "oem-2",
                "hp-rombios");
        assertThat(h.get("system-product-name")).isEqualTo("simulated laptop host");
        assertThat(h.get("oem-2")).isEqualTo(OEM_2);
    }

    @Test
    void copyTakesTheHostsStringsAndMakesItTheAffinityOnce() throws Exception {
        String vm = session.newVm("copied");
        assertThat(strings(vm)).isEmpty();
        c.call("VM.copy_bios_strings", vm, host);
        assertThat(strings(vm)).isEqualTo(strings("host", host));
        assertThat(c.call("VM.get_affinity", vm)).isEqualTo(host);
        failsWith(() -> c.call("VM.copy_bios_strings", vm, host), ErrorCodes.VM_BIOS_STRINGS_ALREADY_SET);
        failsWith(() -> c.call("VM.set_bios_strings", vm, Map.of("bios-vendor", "x")),
                ErrorCodes.VM_BIOS_STRINGS_ALREADY_SET);
        String clone = (String) c.call("VM.clone", vm, "its clone");
        assertThat(strings(clone)).isEqualTo(strings(vm));
        failsWith(() -> c.call("VM.copy_bios_strings", vm, "OpaqueRef:nothing"), ErrorCodes.HANDLE_INVALID, "host",
                "OpaqueRef:nothing");
    }

    @Test
    void setGivesXapisGenericStringsWithTheValuesGiven() throws Exception {
        String vm = session.newVm("custom");
        Map<String, String> given = new LinkedHashMap<>();
        given.put("system-serial-number", "SN-42");
        given.put("bios-vendor", "Acme");
        c.call("VM.set_bios_strings", vm, given);
        Map<String, Object> s = strings(vm);
        assertThat(s).hasSize(16).containsEntry("bios-vendor", "Acme").containsEntry("system-serial-number", "SN-42")
                .containsEntry("system-manufacturer", "Xen").containsEntry("system-product-name", "HVM domU")
                .containsEntry("baseboard-location-in-chassis", "").containsEntry("hp-rombios", "")
                .containsEntry("oem-1", "Xen").containsEntry("oem-2", OEM_2);
    }

    @Test
    void setRefusesWhatXapiRefusesAndChangesNothing() throws Exception {
        String vm = session.newVm("refused");
        failsWith(() -> c.call("VM.set_bios_strings", vm, Map.of("hp-rombios", "COMPAQ")), ErrorCodes.INVALID_VALUE,
                "hp-rombios", "Unknown key");
        failsWith(() -> c.call("VM.set_bios_strings", vm, Map.of("bios-version", "")), ErrorCodes.INVALID_VALUE,
                "bios-version", "Value provided is empty");
        String long513 = "v".repeat(513);
        failsWith(() -> c.call("VM.set_bios_strings", vm, Map.of("system-version", long513)),
                ErrorCodes.INVALID_VALUE, "system-version", long513 + " has length more than 512 characters");
        failsWith(() -> c.call("VM.set_bios_strings", vm, Map.of("enclosure-asset-tag", "tab\there")),
                ErrorCodes.INVALID_VALUE, "enclosure-asset-tag", "tab\there has non-printable ASCII characters");
        failsWith(() -> c.call("VM.set_bios_strings", vm, Map.of("baseboard-version", "caf\u00e9")),
                ErrorCodes.INVALID_VALUE, "baseboard-version", "caf\u00e9 has non-printable ASCII characters");
        assertThat(strings(vm)).isEmpty();
        c.call("VM.set_bios_strings", vm, Map.of("system-version", "v".repeat(512)));
        assertThat(strings(vm)).containsEntry("system-version", "v".repeat(512));
    }

    @Test
    void aVmStartedWithoutStringsGetsTheGenericOnes() throws Exception {
        String vm = session.newVm("generic");
        c.call("VM.start", vm, false, false);
        assertThat(strings(vm)).hasSize(16).containsEntry("bios-vendor", "Xen").containsEntry("bios-version", "")
                .containsEntry("system-product-name", "HVM domU");
        c.call("VM.hard_shutdown", vm);
        failsWith(() -> c.call("VM.copy_bios_strings", vm, host), ErrorCodes.VM_BIOS_STRINGS_ALREADY_SET);
    }
}
