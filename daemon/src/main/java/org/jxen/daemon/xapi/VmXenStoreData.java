package org.jxen.daemon.xapi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.store.Paths;

/**
 * What XAPI's xenopsd writes into a VM's domain from its record, besides what libxl writes: the
 * BIOS strings under {@code bios-strings/}, where hvmloader takes its SMBIOS tables from (an HVM
 * guest's only: xenopsd writes them for every guest, but nothing else reads them, and a PV or PVH
 * guest's tree stays exactly the one {@code xl create} makes of its config), and the entries of
 * {@code VM.xenstore_data} whose keys are under {@code vm-data/} or {@code FIST/} (xenopsd's
 * allowed_xsdata_prefixes; other keys stay in the field and are never written). They reach the
 * domain as libxl's {@code c_info.xsdata}, which either toolstack writes at create; and
 * {@code VM.set_xenstore_data} on a running VM rewrites those two directories in one transaction,
 * as xenopsd's set_xsdata does.
 */
final class VmXenStoreData {
    private static final List<String> PREFIXES = List.of("vm-data", "FIST");
    private static final String FIELD = "xenstore_data";

    private final ObjectStore store;
    private final Path xenstoreSocket;

    VmXenStoreData(ObjectStore store, Path xenstoreSocket) {
        this.store = store;
        this.xenstoreSocket = xenstoreSocket;
    }

    void register(Handlers h) {
        h.on("VM.set_xenstore_data", call -> {
            set(call.ref(0), cast(call.arg(1)));
            return null;
        });
    }

    /** The {@code xsdata} a domain of {@code vm} (its record; {@code hvm}: an HVM guest) is created with. */
    static Map<String, String> of(Map<String, Object> vm, boolean hvm) {
        Map<String, String> data = new LinkedHashMap<>();
        if (hvm) {
            cast(vm.get("bios_strings")).forEach((key, value) -> data.put("bios-strings/" + key, value));
        }
        data.putAll(written(cast(vm.get(FIELD))));
        return data;
    }

    /** The entries of a {@code xenstore_data} that go into the domain. */
    private static Map<String, String> written(Map<String, String> all) {
        Map<String, String> written = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (PREFIXES.stream().anyMatch(p -> key.startsWith(p + "/"))) {
                written.put(key, value);
            }
        });
        return written;
    }

    private void set(String vm, Map<String, String> value) throws XenApiFailure {
        Map<String, String> written = written(value);
        for (String key : written.keySet()) {
            // refused now rather than failing the VM's next start
            if (!Paths.isValidNodePath("/" + key) || key.length() > Paths.REL_PATH_MAX) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, "not a XenStore path: use letters, digits"
                        + " and -/_@, no empty parts, at most " + Paths.REL_PATH_MAX + " bytes");
            }
        }
        Long domid = store.atomically(() -> {
            store.set("VM", vm, FIELD, value);
            Map<String, Object> r = store.record("VM", vm);
            return "Running".equals(r.get("power_state")) ? (Long) r.get("domid") : null;
        });
        if (domid != null) {
            rewrite(domid.intValue(), written);
        }
    }

    private void rewrite(int domid, Map<String, String> written) throws XenApiFailure {
        String home = Paths.domainPath(domid);
        try (XsClient xs = XsClient.connect(xenstoreSocket)) {
            xs.transaction(tx -> {
                PREFIXES.forEach(p -> tx.rmIfThere(home + "/" + p));
                written.forEach((key, value) -> tx.write(home + "/" + key, value));
                return null;
            });
        } catch (IOException | XsException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "writing the VM's xenstore_data into domain " + domid
                    + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cast(Object map) {
        return map == null ? Map.of() : (Map<String, String>) map;
    }
}
