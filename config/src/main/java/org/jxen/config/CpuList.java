package org.jxen.config;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPULIST of xl.cfg(5): comma-separated items, each {@code all}, a CPU {@code N}, a range
 * {@code N-M}, or {@code nodes:N[-M]} (the CPUs of those NUMA nodes), each optionally negated
 * with {@code ^}, applied left to right: {@code "0-3,5,^1"} is 0, 2, 3 and 5.
 */
final class CpuList {
    private static final Pattern ITEM = Pattern.compile("(\\^)?(?:(all)|(nodes?:)?(\\d+)(?:-(\\d+))?)");

    private CpuList() {
    }

    static List<Integer> parse(String spec, HostCpus host, Position where) throws ConfigException {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String item : spec.split(",", -1)) {
            Matcher m = ITEM.matcher(item.strip());
            if (!m.matches()) {
                throw invalid(spec, where);
            }
            List<Integer> these;
            if (m.group(2) != null) {
                these = host.all();
            } else {
                int lo = Integer.parseInt(m.group(4));
                int hi = m.group(5) == null ? lo : Integer.parseInt(m.group(5));
                if (hi < lo) {
                    throw invalid(spec, where);
                }
                these = m.group(3) != null ? nodeCpus(host.nodes(), lo, hi, spec, where) : range(lo, hi, host, spec, where);
            }
            if (m.group(1) != null) {
                these.forEach(cpus::remove);
            } else {
                cpus.addAll(these);
            }
        }
        return List.copyOf(cpus);
    }

    private static List<Integer> range(int lo, int hi, HostCpus host, String spec, Position where) throws ConfigException {
        if (hi >= host.all().size()) {
            throw new ConfigException(where, "CPU " + hi + " in `" + spec + "' is beyond the host's "
                    + host.maxCpus() + " CPUs");
        }
        return java.util.stream.IntStream.rangeClosed(lo, hi).boxed().toList();
    }

    private static List<Integer> nodeCpus(Map<Integer, List<Integer>> nodes, int lo, int hi, String spec, Position where)
            throws ConfigException {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (int n = lo; n <= hi; n++) {
            List<Integer> c = nodes.get(n);
            if (c == null) {
                throw new ConfigException(where, "NUMA node " + n + " in `" + spec + "' does not exist on this host"
                        + " (nodes " + nodes.keySet() + ")");
            }
            cpus.addAll(c);
        }
        return List.copyOf(cpus);
    }

    private static ConfigException invalid(String spec, Position where) {
        return new ConfigException(where, "Invalid pcpu range: " + spec + " (a CPULIST is items like 3, 0-3, ^1, all"
                + " or nodes:0, separated by commas)");
    }
}
