package org.jxen.daemon.xapi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.host.HostBiosStrings;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * A VM's BIOS strings, as XAPI keeps them: set once, either copied from a host
 * ({@code VM.copy_bios_strings}, which also makes that host the VM's affinity) or XAPI's generic
 * set with some values given ({@code VM.set_bios_strings}); a VM that starts without any gets the
 * generic set. Once set they stay, through clones, copies and snapshots.
 */
final class BiosStrings {
    /** XAPI's Constants.generic_bios_strings, in its order. */
    static final Map<String, String> GENERIC = generic();
    /** The keys {@code VM.set_bios_strings} may give (XAPI's settable_vm_bios_string_keys). */
    private static final List<String> SETTABLE = List.of("bios-vendor", "bios-version", "system-manufacturer",
            "system-product-name", "system-version", "system-serial-number", "baseboard-manufacturer",
            "baseboard-product-name", "baseboard-version", "baseboard-serial-number", "baseboard-asset-tag",
            "baseboard-location-in-chassis", "enclosure-asset-tag");
    /** The longest value XAPI takes, in bytes. */
    private static final int LIMIT = 512;
    private static final String FIELD = "bios_strings";

    private final ObjectStore store;

    BiosStrings(ObjectStore store) {
        this.store = store;
    }

    void register(Handlers h) {
        h.on("VM.set_bios_strings", call -> {
            set(call.ref(0), cast(call.arg(1)));
            return null;
        });
        h.on("VM.copy_bios_strings", call -> {
            copy(call.ref(0), call.ref(1));
            return null;
        });
    }

    /** What XAPI does before a start: a VM without BIOS strings gets the generic ones. */
    void ensureSet(String vm) throws XenApiFailure {
        if (current(vm).isEmpty()) {
            store.set("VM", vm, FIELD, GENERIC);
        }
    }

    private void set(String vm, Map<String, String> given) throws XenApiFailure {
        store.atomically(() -> {
            expectUnset(vm);
            // XAPI checks the pairs in the order given, and names the first it refuses
            for (Map.Entry<String, String> e : given.entrySet()) {
                XenApiFailure refused = check(e.getKey(), e.getValue());
                if (refused != null) {
                    throw refused;
                }
            }
            Map<String, String> strings = new LinkedHashMap<>(GENERIC);
            strings.replaceAll((key, value) -> given.getOrDefault(key, value));
            store.set("VM", vm, FIELD, strings);
            return null;
        });
    }

    private void copy(String vm, String host) throws XenApiFailure {
        store.atomically(() -> {
            Object hostStrings = store.field("host", host, FIELD); // a bad host is named first, as XAPI logs it first
            expectUnset(vm);
            store.set("VM", vm, Map.of(FIELD, hostStrings, "affinity", host));
            return null;
        });
    }

    private void expectUnset(String vm) throws XenApiFailure {
        if (!current(vm).isEmpty()) {
            throw XenApiFailure.of(ErrorCodes.VM_BIOS_STRINGS_ALREADY_SET);
        }
    }

    private Map<?, ?> current(String vm) throws XenApiFailure {
        return (Map<?, ?>) store.field("VM", vm, FIELD);
    }

    /** XAPI's refusal of one pair ({@code INVALID_VALUE [key, why]}), or null. */
    private static XenApiFailure check(String key, String value) {
        if (!SETTABLE.contains(key)) {
            return XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, "Unknown key");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, "Value provided is empty");
        }
        if (bytes.length > LIMIT) {
            return XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, value + " has length more than " + LIMIT
                    + " characters");
        }
        for (byte b : bytes) {
            if (b < 32 || b == 127) {
                return XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, value + " has non-printable ASCII characters");
            }
        }
        return null;
    }

    private static Map<String, String> generic() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("bios-vendor", "Xen");
        g.put("bios-version", "");
        g.put("system-manufacturer", "Xen");
        g.put("system-product-name", "HVM domU");
        List.of("system-version", "system-serial-number", "baseboard-manufacturer", "baseboard-product-name",
                "baseboard-version", "baseboard-serial-number", "baseboard-asset-tag", "baseboard-location-in-chassis",
                "enclosure-asset-tag", "hp-rombios").forEach(k -> g.put(k, ""));
        HostBiosStrings.STANDARD_OEM.forEach(e -> g.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(g);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cast(Object map) {
        return (Map<String, String>) map;
    }
}
