package org.jxen.cli.xl;

import java.util.List;

/** The subcommands jxl has, in the order {@code xl help} lists xl's, each made when named (no reflection). */
public final class XlCommands {
    public static final List<String> NAMES = List.of("create", "list", "destroy", "shutdown", "reboot", "pause",
            "unpause", "save", "restore", "rename", "mem-max", "mem-set", "domid", "domname", "vcpu-list", "vcpu-pin",
            "vcpu-set", "sched-credit2", "info", "dmesg", "uptime", "network-attach", "network-list", "network-detach",
            "block-attach", "block-list", "block-detach");

    private XlCommands() {
    }

    /** The subcommand {@code name}, or null when jxl has none of that name. */
    public static XlCommand named(String name) {
        return switch (name) {
            case "create" -> new CreateCommand();
            case "list" -> new ListCommands.ListDomains();
            case "destroy" -> new LifecycleCommands.Destroy();
            case "shutdown" -> LifecycleCommands.Request.shutdown();
            case "reboot" -> LifecycleCommands.Request.reboot();
            case "pause" -> LifecycleCommands.Pause.pause();
            case "unpause" -> LifecycleCommands.Pause.unpause();
            case "save" -> new SaveCommands.Save();
            case "restore" -> new SaveCommands.Restore();
            case "rename" -> new LifecycleCommands.Rename();
            case "mem-max" -> TuningCommands.Memory.max();
            case "mem-set" -> TuningCommands.Memory.set();
            case "domid" -> new ListCommands.Domid();
            case "domname" -> new ListCommands.Domname();
            case "vcpu-list" -> new TuningCommands.VcpuList();
            case "vcpu-pin" -> new TuningCommands.VcpuPin();
            case "vcpu-set" -> new TuningCommands.VcpuSet();
            case "sched-credit2" -> new SchedCredit2();
            case "info" -> new HostCommands.Info();
            case "dmesg" -> new HostCommands.Dmesg();
            case "uptime" -> new ListCommands.Uptime();
            case "network-attach" -> DeviceCommands.Attach.network();
            case "network-list" -> DeviceCommands.DeviceList.network();
            case "network-detach" -> new DeviceCommands.NetworkDetach();
            case "block-attach" -> DeviceCommands.Attach.block();
            case "block-list" -> DeviceCommands.DeviceList.block();
            case "block-detach" -> new DeviceCommands.BlockDetach();
            default -> null;
        };
    }
}
