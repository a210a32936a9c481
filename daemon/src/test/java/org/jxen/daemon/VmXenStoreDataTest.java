package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;
import org.jxen.xenstore.client.XsClient;

/**
 * What xenopsd writes into a VM's domain from its record (xenopsd's domain.ml make, set_xsdata):
 * an HVM guest's BIOS strings under {@code bios-strings/}, {@code xenstore_data}'s {@code vm-data/} and
 * {@code FIST/} entries (nothing else of it), and a running VM's {@code vm-data} rewritten whole by
 * {@code VM.set_xenstore_data}. Read back from the simulated host's XenStore over its socket.
 */
class VmXenStoreDataTest extends JxendSessionTest {
    private XsClient xs;

    @BeforeEach
    void start() throws Exception {
        xs = session.xenStore();
    }

    private String home(String vm) throws Exception {
        return "/local/domain/" + c.call("VM.get_domid", vm);
    }

    private List<String> children(String path) {
        return xs.directory(path);
    }

    @Test
    void startWritesAnHvmGuestsBiosStringsAndTheAllowedXenstoreData() throws Exception {
        String vm = session.newVm("data", "Other install media");
        Map<String, String> data = new LinkedHashMap<>();
        data.put("vm-data/hostname", "web-1");
        data.put("vm-data/net/ip", "10.0.0.7");
        data.put("FIST/slow", "1");
        data.put("attr/os", "kept in the field, never written"); // not under an allowed prefix
        data.put("vm-data-not/x", "neither");
        c.call("VM.set_xenstore_data", vm, data);
        c.call("VM.set_bios_strings", vm, Map.of("system-serial-number", "SN-7"));
        c.call("VM.start", vm, false, false);
        String home = home(vm);
        assertThat(xs.readString(home + "/vm-data/hostname")).isEqualTo("web-1");
        assertThat(xs.readString(home + "/vm-data/net/ip")).isEqualTo("10.0.0.7");
        assertThat(xs.readString(home + "/FIST/slow")).isEqualTo("1");
        assertThat(children(home)).doesNotContain("vm-data-not").contains("attr");
        assertThat(xs.readOrNull(home + "/attr/os")).isNull();
        assertThat(children(home + "/bios-strings")).hasSize(16);
        assertThat(xs.readString(home + "/bios-strings/system-serial-number")).isEqualTo("SN-7");
        assertThat(xs.readString(home + "/bios-strings/system-manufacturer")).isEqualTo("Xen");
        assertThat(xs.readString(home + "/bios-strings/hp-rombios")).isEmpty();
        assertThat(c.call("VM.get_xenstore_data", vm)).isEqualTo(data);
    }

    @Test
    void aPvGuestGetsItsXenstoreDataButNoBiosStrings() throws Exception {
        String vm = session.newVm("pv");
        c.call("VM.set_xenstore_data", vm, Map.of("vm-data/role", "db"));
        c.call("VM.start", vm, false, false);
        String home = home(vm);
        assertThat(xs.readString(home + "/vm-data/role")).isEqualTo("db");
        assertThat(children(home)).doesNotContain("bios-strings");
        assertThat((Map<?, ?>) c.call("VM.get_bios_strings", vm)).hasSize(16); // the generic set, in the record only
    }

    @Test
    void settingARunningVmsDataRewritesItsVmDataWhole() throws Exception {
        String vm = session.newVm("live");
        c.call("VM.set_xenstore_data", vm, Map.of("vm-data/old", "1", "vm-data/keep", "a"));
        c.call("VM.start", vm, false, false);
        String home = home(vm);
        c.call("VM.set_xenstore_data", vm, Map.of("vm-data/keep", "b", "vm-data/new/deep", "2"));
        assertThat(children(home + "/vm-data")).containsExactlyInAnyOrder("keep", "new");
        assertThat(xs.readString(home + "/vm-data/keep")).isEqualTo("b");
        assertThat(xs.readString(home + "/vm-data/new/deep")).isEqualTo("2");
        c.call("VM.set_xenstore_data", vm, Map.of());
        assertThat(xs.readOrNull(home + "/vm-data")).isNull();
        assertThat(xs.readString(home + "/name")).isEqualTo("live");
    }

    @Test
    void aKeyXenStoreWouldRefuseIsRefusedAndNothingChanges() throws Exception {
        String vm = session.newVm("refused");
        c.call("VM.set_xenstore_data", vm, Map.of("vm-data/a", "1"));
        failsWith(() -> c.call("VM.set_xenstore_data", vm, Map.of("vm-data/ip.address", "10.0.0.1")),
                ErrorCodes.INVALID_VALUE, "vm-data/ip.address",
                "not a XenStore path: use letters, digits and -/_@, no empty parts, at most 2048 bytes");
        failsWith(() -> c.call("VM.set_xenstore_data", vm, Map.of("vm-data//a", "1")), ErrorCodes.INVALID_VALUE,
                "vm-data//a", "not a XenStore path: use letters, digits and -/_@, no empty parts, at most 2048 bytes");
        assertThat(c.call("VM.get_xenstore_data", vm)).isEqualTo(Map.of("vm-data/a", "1"));
        c.call("VM.start", vm, false, false);
        assertThat(xs.readString(home(vm) + "/vm-data/a")).isEqualTo("1");
    }
}
