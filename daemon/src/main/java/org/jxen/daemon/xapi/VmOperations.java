package org.jxen.daemon.xapi;

import java.util.List;
import java.util.Map;

/** The {@code allowed_operations} of a VM in each power state, which clients turn into buttons. */
final class VmOperations {
    private VmOperations() {
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
