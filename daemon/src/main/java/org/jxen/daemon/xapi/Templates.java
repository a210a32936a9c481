package org.jxen.daemon.xapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;

/**
 * jxend's default templates, one per guest type, as XAPI ships its own: a template is a halted VM
 * with {@code is_a_template} set; {@code other_config:disks} says which disks
 * {@code VM.provision} makes for a VM cloned from it (XAPI's {@code <provision>} XML).
 */
final class Templates {
    private static final long GIB = 1L << 30;
    private static final String ONE_DISK = "<provision><disk device=\"0\" size=\"" + 8 * GIB
            + "\" sr=\"\" bootable=\"true\" type=\"system\"/></provision>";

    private Templates() {
    }

    static void ensure(ObjectStore store) throws XenApiFailure {
        ensure(store, "Generic Linux PV", "A Linux guest, paravirtualised: the kernel and ramdisk come from dom0",
                "pv", Map.of("PV_kernel", "/boot/vmlinuz", "PV_ramdisk", "/boot/initrd.img",
                        "PV_args", "root=/dev/xvda1 ro console=hvc0"));
        ensure(store, "Generic Linux PVH", "A Linux guest in a PVH container: the kernel comes from dom0", "pvh",
                Map.of("PV_kernel", "/boot/vmlinuz", "PV_ramdisk", "/boot/initrd.img",
                        "PV_args", "root=/dev/xvda1 ro console=hvc0"));
        ensure(store, "Other install media", "A fully virtualised guest booting from its disk or an install CD",
                "hvm", Map.of("HVM_boot_policy", "BIOS order", "HVM_boot_params", Map.of("order", "cd"),
                        "platform", Map.of("acpi", "1", "apic", "true", "pae", "true", "viridian", "false")));
    }

    private static void ensure(ObjectStore store, String name, String description, String domainType,
            Map<String, Object> boot) throws XenApiFailure {
        for (Map<String, Object> vm : store.records("VM").values()) {
            if (name.equals(vm.get("name_label")) && Boolean.TRUE.equals(vm.get("is_default_template"))) {
                return;
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name_label", name);
        f.put("name_description", description);
        f.put("is_a_template", true);
        f.put("is_default_template", true);
        f.put("domid", -1L);
        f.put("domain_type", domainType);
        f.put("memory_static_min", 128L << 20);
        f.put("memory_static_max", GIB);
        f.put("memory_dynamic_min", GIB);
        f.put("memory_dynamic_max", GIB);
        f.put("memory_target", GIB);
        f.put("VCPUs_max", 1L);
        f.put("VCPUs_at_startup", 1L);
        f.put("actions_after_shutdown", "destroy");
        f.put("actions_after_reboot", "restart");
        f.put("actions_after_crash", "destroy");
        f.put("other_config", Map.of("default_template", "true", "disks", ONE_DISK));
        f.put("allowed_operations", List.of("clone", "copy", "provision", "export"));
        f.putAll(boot);
        f.put("metrics", store.create("VM_metrics", Map.of()));
        store.create("VM", f);
    }
}
