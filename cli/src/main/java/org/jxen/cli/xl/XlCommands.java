package org.jxen.cli.xl;

import java.util.List;

/** The subcommands jxl has, in the order {@code xl help} lists xl's, each made when named (no reflection). */
public final class XlCommands {
    public static final List<String> NAMES = List.of("create", "list", "destroy", "shutdown", "reboot", "pause",
            "unpause", "console", "save", "restore", "dump-core", "mem-max", "mem-set", "vcpu-list", "vcpu-pin", "vcpu-set",
            "info", "sched-credit2", "domid", "domname", "rename", "sysrq", "dmesg", "top", "network-attach", "network-list",
            "network-detach", "block-attach", "block-list", "block-detach", "uptime");

    private XlCommands() {
    }

    /** The subcommand {@code name}, or null when jxl has none of that name. */
    public static XlCommand named(String name) {
        return switch (name) {
            case "create" -> CreateCommand.command();
            case "list" -> ListCommands.list();
            case "destroy" -> LifecycleCommands.destroy();
            case "shutdown" -> LifecycleCommands.shutdown();
            case "reboot" -> LifecycleCommands.reboot();
            case "pause" -> LifecycleCommands.pause(true);
            case "unpause" -> LifecycleCommands.pause(false);
            case "console" -> ConsoleCommand.command();
            case "save" -> SaveCommands.save();
            case "restore" -> SaveCommands.restore();
            case "dump-core" -> SaveCommands.dumpCore();
            case "rename" -> LifecycleCommands.rename();
            case "sysrq" -> LifecycleCommands.sysrq();
            case "mem-max" -> TuningCommands.memory(true);
            case "mem-set" -> TuningCommands.memory(false);
            case "domid" -> ListCommands.domid();
            case "domname" -> ListCommands.domname();
            case "vcpu-list" -> TuningCommands.vcpuList();
            case "vcpu-pin" -> TuningCommands.vcpuPin();
            case "vcpu-set" -> TuningCommands.vcpuSet();
            case "sched-credit2" -> SchedCredit2.command();
            case "info" -> HostCommands.info();
            case "dmesg" -> HostCommands.dmesg();
            case "top" -> TopCommand.command();
            case "uptime" -> ListCommands.uptime();
            case "network-attach" -> DeviceCommands.networkAttach();
            case "network-list" -> DeviceCommands.networkList();
            case "network-detach" -> DeviceCommands.networkDetach();
            case "block-attach" -> DeviceCommands.blockAttach();
            case "block-list" -> DeviceCommands.blockList();
            case "block-detach" -> DeviceCommands.blockDetach();
            default -> null;
        };
    }
}
