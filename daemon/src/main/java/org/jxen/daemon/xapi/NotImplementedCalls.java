package org.jxen.daemon.xapi;

import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;

/**
 * The calls XAPI v26.13.0 declares but answers {@code NOT_IMPLEMENTED}, each with XAPI's own
 * parameter (xapi_vm.ml, xapi_host.ml, api_server_common.ml), so a client gets the answer it would
 * get from XAPI rather than {@code MESSAGE_METHOD_UNKNOWN}. (XAPI's {@code VM.send_sysrq} and
 * {@code VM.add_to_VCPUs_params_live} are among them; jxend does both.)
 */
final class NotImplementedCalls {
    /** Method to the parameter XAPI's {@code NOT_IMPLEMENTED} carries. */
    private static final Map<String, String> XAPI = Map.of(
            "VM.send_trigger", "send_trigger",
            "VM.query_services", "query_services",
            "host.dmesg_clear", "dmesg_clear",
            "host.get_log", "get_log",
            "host.list_methods", "list_method",
            "console.create", "Console.create",
            "console.destroy", "Console.destroy");

    private NotImplementedCalls() {
    }

    static void register(Handlers h) {
        XAPI.forEach((method, parameter) -> h.on(method, call -> {
            throw XenApiFailure.of(ErrorCodes.NOT_IMPLEMENTED, parameter);
        }));
    }
}
