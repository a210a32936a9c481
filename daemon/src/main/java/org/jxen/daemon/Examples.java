package org.jxen.daemon;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.jxen.api.RpcCall;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Dispatcher;
import org.jxen.daemon.rpc.Origin;

/**
 * The example VMs {@code ./jxen up} shows: made on a fresh host through XenAPI itself, as a client
 * on the Unix socket would, from the PV template with a disk and a NIC each, and started (again,
 * after a restart, if they are halted). Nothing is made when the host has VMs of its own.
 */
final class Examples {
    private static final Logger LOG = Logger.getLogger(Examples.class.getName());
    private static final List<String> NAMES = List.of("example-web", "example-db");

    private final Dispatcher api;
    private String session;

    private Examples(Dispatcher api) {
        this.api = api;
    }

    static void ensure(Dispatcher api) throws XenApiFailure, InterruptedException {
        new Examples(api).run();
    }

    private void run() throws XenApiFailure, InterruptedException {
        session = (String) call("session.login_with_password", "root", "", "1.0", "jxend examples");
        try {
            Map<?, ?> vms = (Map<?, ?>) call("VM.get_all_records", session);
            boolean any = false;
            for (Map.Entry<?, ?> e : vms.entrySet()) {
                Map<?, ?> r = (Map<?, ?>) e.getValue();
                any |= !Boolean.TRUE.equals(r.get("is_a_template")) && !Boolean.TRUE.equals(r.get("is_control_domain"));
                if (NAMES.contains(r.get("name_label")) && "Halted".equals(r.get("power_state"))) {
                    call("VM.start", session, e.getKey(), false, false);
                }
            }
            if (any) {
                return;
            }
            String template = ((List<?>) call("VM.get_by_name_label", session, "Generic Linux PV")).getFirst().toString();
            String network = ((List<?>) call("network.get_all", session)).getFirst().toString();
            for (String name : NAMES) {
                String vm = (String) call("VM.clone", session, template, name);
                call("VM.provision", session, vm);
                call("VM.set_is_a_template", session, vm, false);
                call("VM.set_memory", session, vm, Long.toString(256L << 20));
                call("VIF.create", session, Map.of("VM", vm, "network", network, "device", "0", "MAC", "",
                        "MTU", "1500", "other_config", Map.of(), "qos_algorithm_type", "",
                        "qos_algorithm_params", Map.of()));
                call("VM.start", session, vm, false, false);
                LOG.info("example VM " + name + " is running");
            }
        } finally {
            call("session.logout", session);
        }
    }

    private Object call(String method, Object... params) throws XenApiFailure, InterruptedException {
        return api.dispatch(new RpcCall(method, List.of(params)), Origin.UNIX_SOCKET);
    }
}
