package org.jxen.daemon.xapi;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Toolstack;

/** {@code host.*} and {@code pool.*} beyond their fields. */
final class HostCalls {
    private HostCalls() {
    }

    /**
     * XAPI's evacuation plan of a pool of one: no other host takes a VM, so each VM resident on the
     * host (but the control domain) is {@code NO_HOSTS_AVAILABLE [vm]}, as XAPI's plan says of it.
     */
    private static Map<String, List<String>> preventingEvacuation(ObjectStore store, String host) throws XenApiFailure {
        Map<String, List<String>> plan = new LinkedHashMap<>();
        for (Object vm : (List<?>) store.field("host", host, "resident_VMs")) {
            if (!Boolean.TRUE.equals(store.field("VM", (String) vm, "is_control_domain"))) {
                plan.put((String) vm, List.of(ErrorCodes.NO_HOSTS_AVAILABLE, (String) vm));
            }
        }
        return plan;
    }

    /** @param certificatePem the HTTPS certificate, PEM-encoded; "" when jxend serves no HTTPS */
    static void register(Handlers h, ObjectStore store, Clock clock, Toolstack toolstack, String certificatePem) {
        h.on("host.get_server_certificate", call -> {
            store.record("host", call.ref(0));
            return certificatePem;
        });
        h.on("host.get_servertime", call -> {
            store.record("host", call.ref(0));
            return clock.instant();
        });
        h.on("host.get_server_localtime", call -> { // the host's wall clock in its own zone, written without one
            store.record("host", call.ref(0));
            return LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault());
        });
        h.on("host.dmesg", call -> { // Xen's console ring, as xenopsd's HOST.get_console_data gives it
            store.record("host", call.ref(0));
            List<String> lines = toolstack.hypervisorLog();
            return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        });
        // maintenance: no VM starts or resumes on a disabled host; jxend enables it again when it starts,
        // as XAPI does with auto_enable (auto_enable=false is not kept across a restart)
        h.on("host.disable", call -> {
            store.set("host", call.ref(0), "enabled", false);
            return null;
        });
        h.on("host.enable", call -> {
            store.set("host", call.ref(0), "enabled", true);
            return null;
        });
        h.on("host.get_management_interface", call -> {
            for (Object pif : (List<?>) store.field("host", call.ref(0), "PIFs")) {
                if (Boolean.TRUE.equals(store.field("PIF", (String) pif, "management"))) {
                    return pif;
                }
            }
            return "OpaqueRef:NULL";
        });
        h.on("host.get_vms_which_prevent_evacuation", call -> preventingEvacuation(store, call.ref(0)));
        h.on("host.assert_can_evacuate", call -> {
            List<String> errors = new ArrayList<>();
            preventingEvacuation(store, call.ref(0)).values().forEach(e -> errors.add(String.join(",", e)));
            if (!errors.isEmpty()) {
                throw XenApiFailure.of(ErrorCodes.CANNOT_EVACUATE_HOST, String.join("|", errors));
            }
            return null;
        });
        h.on("host.evacuate", call -> { // nothing to move, or XAPI's first VM's error
            var first = preventingEvacuation(store, call.ref(0)).values().stream().findFirst();
            if (first.isPresent()) {
                throw XenApiFailure.of(first.get().getFirst(), first.get().subList(1, first.get().size()).toArray());
            }
            return null;
        });
        h.on("pool.sync_database", call -> null); // every change is in the database when it is acknowledged
        h.on("host.call_plugin", call -> {
            store.record("host", call.ref(0));
            throw XenApiFailure.of("XENAPI_MISSING_PLUGIN", call.arg(1));
        });
    }
}
