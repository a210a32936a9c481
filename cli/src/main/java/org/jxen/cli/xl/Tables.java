package org.jxen.cli.xl;

import java.util.List;
import java.util.Locale;

/**
 * xl's tables, column for column as xl 4.17 prints them (checked against real xl's output in
 * {@code cli/src/test/resources/xl-golden}): memory in MiB, times in seconds with one decimal.
 */
final class Tables {
    static final String LIST_HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)";
    static final String LIST_VERBOSE_HEADER = LIST_HEADER
            + "   UUID                            Reason-Code\tSecurity Label";
    static final String VCPU_HEADER = "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)";
    static final String CREDIT2_HEADER = "Name                                ID Weight  Cap";
    static final String UPTIME_HEADER = "Name                                ID Uptime";
    static final String NETWORK_HEADER = "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       ";
    static final String BLOCK_HEADER = "Vdev  BE  handle state evt-ch ring-ref BE-path                       ";

    private Tables() {
    }

    static String list(DomainRow d) {
        return f("%-40s %5d %5d %5d     %s  %8.1f", d.name(), d.domid(), d.memoryKb() / 1024, d.onlineVcpus(),
                d.stateLetters(), seconds(d.cpuTimeNs()));
    }

    /** The security label is always "-": jxend has no XSM/FLASK policy (as a Xen without one). */
    static String listVerbose(DomainRow d) {
        int reason = d.shutdownCode();
        return list(d) + f(" %s %8s %16s", d.uuid(), reason < 0 ? "-" : Integer.toString(reason), "-");
    }

    static String vcpu(DomainRow d, VcpuRow v, int hostCpus) {
        String state = "" + (v.running() ? 'r' : '-') + (v.blocked() ? 'b' : '-') + (v.online() ? '-' : 'p');
        return f("%-32s %5d %5d %4s   %s  %8.1f  %s / %s", d.name(), d.domid(), v.vcpu(),
                v.online() ? Integer.toString(v.cpu()) : "-", state, seconds(v.cpuTimeNs()),
                cpus(v.hard(), hostCpus), cpus(v.soft(), hostCpus));
    }

    static String credit2(DomainRow d, long weight, long cap) {
        return f("%-33s %4d %6d %4d", d.name(), d.domid(), weight, cap);
    }

    static String uptime(DomainRow d) {
        long s = d.uptimeSeconds();
        long days = s / 86_400;
        String prefix = days == 0 ? "" : days + (days == 1 ? " day, " : " days, ");
        return f("%-33s %4d %s%2d:%02d:%02d", d.name(), d.domid(), prefix, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    }

    static String network(DeviceRow n) {
        String[] rings = n.ringRefs().split("/", 2);
        return f("%-3d %-2d %-17s %5d %5d %6d %5s/%-11s %-30s", n.devid(), n.backendDomid(), n.identity(), n.devid(),
                n.frontendState(), n.eventChannel(), rings[0], rings.length > 1 ? rings[1] : "-1", n.backendPath());
    }

    static String block(DeviceRow b, int domid) {
        return f("%-5d %-3d %-6d %-5d %-6d %-8s %-30s", b.devid(), b.backendDomid(), domid, b.frontendState(),
                b.eventChannel(), b.ringRefs(), b.backendPath());
    }

    /** A CPU set as xl writes it: {@code all}, or ranges such as {@code 0-3,6}. */
    static String cpus(List<Integer> cpus, int hostCpus) {
        if (cpus.size() >= hostCpus) {
            return "all";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cpus.size(); i++) {
            int start = cpus.get(i);
            while (i + 1 < cpus.size() && cpus.get(i + 1) == cpus.get(i) + 1) {
                i++;
            }
            s.append(s.isEmpty() ? "" : ",").append(start);
            if (cpus.get(i) != start) {
                s.append('-').append(cpus.get(i));
            }
        }
        return s.toString();
    }

    private static double seconds(long ns) {
        return ns / 1e9;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
