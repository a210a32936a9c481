package org.jxen.cli.xl;

import java.util.List;

/**
 * xl's tables, column for column as xl 4.17 prints them (checked against real xl's output in
 * {@code cli/src/test/resources/xl-golden}): memory in MiB, times in seconds with one decimal.
 */
public final class Tables {
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
        return left(d.name(), 40) + " " + right(d.domid(), 5) + " " + right(d.memoryKb() / 1024, 5) + " "
                + right(d.onlineVcpus(), 5) + "     " + d.stateLetters() + "  " + right(seconds(d.cpuTimeNs()), 8);
    }

    /** The security label is always "-": jxend has no XSM/FLASK policy (as a Xen without one). */
    static String listVerbose(DomainRow d) {
        int reason = d.shutdownCode();
        return list(d) + " " + d.uuid() + " " + right(reason < 0 ? "-" : Integer.toString(reason), 8) + " "
                + right("-", 16);
    }

    static String vcpu(DomainRow d, VcpuRow v, int hostCpus) {
        String state = "" + (v.running() ? 'r' : '-') + (v.blocked() ? 'b' : '-') + (v.online() ? '-' : 'p');
        return left(d.name(), 32) + " " + right(d.domid(), 5) + " " + right(v.vcpu(), 5) + " "
                + right(v.online() ? Integer.toString(v.cpu()) : "-", 4) + "   " + state + "  "
                + right(seconds(v.cpuTimeNs()), 8) + "  " + cpus(v.hard(), hostCpus) + " / " + cpus(v.soft(), hostCpus);
    }

    static String credit2(DomainRow d, long weight, long cap) {
        return left(d.name(), 33) + " " + right(d.domid(), 4) + " " + right(weight, 6) + " " + right(cap, 4);
    }

    static String uptime(DomainRow d) {
        long s = d.uptimeSeconds();
        long days = s / 86_400;
        String prefix = days == 0 ? "" : days + (days == 1 ? " day, " : " days, ");
        return left(d.name(), 33) + " " + right(d.domid(), 4) + " " + prefix + right(s % 86_400 / 3600, 2) + ":"
                + two(s % 3600 / 60) + ":" + two(s % 60);
    }

    static String network(DeviceRow n) {
        String[] rings = n.ringRefs().split("/", 2);
        return left(n.devid(), 3) + " " + left(n.backendDomid(), 2) + " " + left(n.identity(), 17) + " "
                + right(n.devid(), 5) + " " + right(n.frontendState(), 5) + " " + right(n.eventChannel(), 6) + " "
                + right(rings[0], 5) + "/" + left(rings.length > 1 ? rings[1] : "-1", 11) + " " + left(n.backendPath(), 30);
    }

    static String block(DeviceRow b, int domid) {
        return left(b.devid(), 5) + " " + left(b.backendDomid(), 3) + " " + left(domid, 6) + " "
                + left(b.frontendState(), 5) + " " + left(b.eventChannel(), 6) + " " + left(b.ringRefs(), 8) + " "
                + left(b.backendPath(), 30);
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

    /**
     * Nanoseconds as seconds with one decimal, rounded half up as C's {@code %.1f} rounds these
     * (String.format would cost a cold JVM tens of milliseconds of locale data).
     */
    static String seconds(long ns) {
        long tenths = (ns + 50_000_000) / 100_000_000;
        return tenths / 10 + "." + tenths % 10;
    }

    /** {@code value} padded with spaces on the right to {@code width} ({@code %-Ns}). */
    public static String left(Object value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code value} padded with spaces on the left to {@code width} ({@code %Ns}). */
    static String right(Object value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
