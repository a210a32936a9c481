package org.jxen.cli.xl;

import java.util.List;
import java.util.Map;

/**
 * One domain as jxend's {@code jxen.list_domains} describes it: what {@code xl list}, {@code list
 * -v} and {@code uptime} print. Memory in KiB, CPU time in ns.
 */
public record DomainRow(int domid, String name, String uuid, String state, List<String> flags, String shutdownReason,
                        long memoryKb, long maxMemoryKb, int onlineVcpus, int maxVcpus, long cpuTimeNs,
                        long uptimeSeconds) {
    static DomainRow of(Map<?, ?> m) {
        return new DomainRow(Wire.integer(m, "domid"), Wire.string(m, "name"), Wire.string(m, "uuid"),
                Wire.string(m, "state"), Wire.strings(m, "flags"), Wire.string(m, "shutdown_reason"),
                Wire.number(m, "memory_kb"), Wire.number(m, "max_memory_kb"), Wire.integer(m, "online_vcpus"),
                Wire.integer(m, "max_vcpus"), Wire.number(m, "cpu_time_ns"), Wire.number(m, "uptime_s"));
    }

    /** xl's six state letters: running, blocked, paused, shut down, crashed, dying. */
    public String stateLetters() {
        boolean shutdown = state.equals("shutdown");
        boolean crashed = shutdown && shutdownReason.equals("crash");
        return "" + (flags.contains("running") ? 'r' : '-') + (flags.contains("blocked") ? 'b' : '-')
                + (flags.contains("paused") ? 'p' : '-') + (shutdown ? 's' : '-') + (crashed ? 'c' : '-')
                + (state.equals("dying") ? 'd' : '-');
    }

    /** libxl's shutdown reason code ({@code xl list -v}'s Reason-Code), or -1 when the domain has not shut down. */
    public int shutdownCode() {
        return switch (shutdownReason) {
            case "poweroff" -> 0;
            case "reboot" -> 1;
            case "suspend" -> 2;
            case "crash" -> 3;
            case "watchdog" -> 4;
            case "soft_reset" -> 5;
            default -> -1;
        };
    }
}
