package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/** The {@code allowed_operations} of a VM in each power state, which clients turn into buttons. */
final class VmOperations {
    private VmOperations() {
    }

    private static final List<String> POWER_STATES = List.of("Halted", "Paused", "Running", "Suspended");

    /**
     * XAPI's {@code VM.assert_operation_valid}: nothing if {@code operation} is allowed now; else
     * {@code VM_BAD_POWER_STATE [vm, the states it is allowed in, the state now]} if another power
     * state allows it, {@code OPERATION_NOT_ALLOWED} if none does.
     */
    static void assertValid(String vm, Map<String, Object> r, String operation) throws XenApiFailure {
        String now = (String) r.get("power_state");
        if (allowed(now, r).contains(operation)) {
            return;
        }
        List<String> states = new ArrayList<>();
        for (String state : POWER_STATES) {
            if (allowed(state, r).contains(operation)) {
                states.add(state.toLowerCase(Locale.ROOT));
            }
        }
        if (states.isEmpty()) {
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "VM." + operation + " is not allowed on " + vm);
        }
        throw XenApiFailure.of(ErrorCodes.VM_BAD_POWER_STATE, vm, String.join(", ", states), now.toLowerCase(Locale.ROOT));
    }

    static List<String> allowed(String powerState, Map<String, Object> vm) {
        if (Boolean.TRUE.equals(vm.get("is_control_domain"))) {
            return List.of();
        }
        if (Boolean.TRUE.equals(vm.get("is_a_snapshot"))) {
            return List.of("revert", "clone", "copy", "export", "destroy");
        }
        if (Boolean.TRUE.equals(vm.get("is_a_template"))) {
            return List.of("clone", "copy", "provision", "export", "destroy");
        }
        return switch (powerState) {
            case "Running" -> List.of("clean_shutdown", "hard_shutdown", "clean_reboot", "hard_reboot", "pause",
                    "suspend", "snapshot", "checkpoint", "changing_dynamic_range", "changing_VCPUs_live");
            case "Paused" -> List.of("unpause", "hard_shutdown", "hard_reboot", "snapshot");
            case "Suspended" -> List.of("resume", "resume_on", "hard_shutdown", "snapshot");
            default -> List.of("start", "start_on", "clone", "copy", "snapshot", "provision", "export", "destroy",
                    "changing_memory_limits", "changing_static_range", "changing_VCPUs");
        };
    }
}
