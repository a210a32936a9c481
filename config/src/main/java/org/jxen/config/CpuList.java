package org.jxen.config;

import java.math.BigInteger;
import java.util.List;
import java.util.TreeSet;

/**
 * A CPULIST of xl.cfg(5): comma-separated items, each {@code all}, a CPU {@code N}, a range
 * {@code N-M}, or {@code nodes:N[-M]} (the CPUs of those NUMA nodes), each but {@code all}
 * optionally negated with {@code ^}, applied left to right: {@code "0-3,5,^1"} is 0, 2, 3 and 5.
 * Read as xl 4.17 reads it (measured): empty items are skipped, numbers are C's {@code strtoul}
 * ({@code " 1"} and {@code "+1"} are 1), and CPUs beyond the host's bitmap, or nodes it does not
 * have, add and remove nothing.
 */
final class CpuList {
    private CpuList() {
    }

    static List<Integer> parse(String spec, HostCpus host, Position where) throws ConfigException {
        TreeSet<Integer> cpus = new TreeSet<>();
        int bitmapSize = host.all().size();
        for (String item : spec.split(",")) {
            if (item.isEmpty()) {
                continue;
            }
            boolean not = item.startsWith("^");
            String rest = not ? item.substring(1) : item;
            boolean nodes = rest.startsWith("node:") || rest.startsWith("nodes:");
            rest = nodes ? rest.substring(rest.indexOf(':') + 1) : rest;
            List<Integer> these;
            if (rest.equals("all")) {
                if (not) {
                    throw new ConfigException(where, "Can't combine \"^\" and \"all\" (in `" + spec
                            + "'); to leave CPUs out, name them after all: \"all,^1\"");
                }
                these = host.all();
            } else {
                BigInteger[] range = range(rest);
                if (range == null) {
                    throw new ConfigException(where, "Invalid pcpu range: " + rest + ". A CPULIST is items like 3,"
                            + " 0-3, ^1, all or nodes:0, separated by commas");
                }
                these = nodes ? nodeCpus(host, range) : within(range, bitmapSize);
            }
            if (not) {
                these.forEach(cpus::remove);
            } else {
                cpus.addAll(these);
            }
        }
        return List.copyOf(cpus);
    }

    /** The numbers {@code from..to} below {@code size}. */
    private static List<Integer> within(BigInteger[] range, int size) {
        TreeSet<Integer> in = new TreeSet<>();
        for (int i = 0; i < size; i++) {
            BigInteger b = BigInteger.valueOf(i);
            if (b.compareTo(range[0]) >= 0 && b.compareTo(range[1]) <= 0) {
                in.add(i);
            }
        }
        return List.copyOf(in);
    }

    private static List<Integer> nodeCpus(HostCpus host, BigInteger[] range) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (int node : within(range, host.nodes().keySet().stream().mapToInt(n -> n + 1).max().orElse(0))) {
            cpus.addAll(host.nodes().getOrDefault(node, List.of()));
        }
        return List.copyOf(cpus);
    }

    /** xl's parse_range: {@code N} or {@code N-M}, strtoul's decimal numbers, nothing after; null if not (or M < N). */
    private static BigInteger[] range(String text) {
        CNumbers.Scanned from = CNumbers.scan(text, 0, 10);
        if (from == null || from.unsignedLong() == -1L) { // ULONG_MAX: out of range, or "-1"
            return null;
        }
        CNumbers.Scanned to = from;
        if (text.startsWith("-", from.end())) {
            to = CNumbers.scan(text, from.end() + 1, 10);
            if (to == null || to.unsignedLong() == -1L
                    || Long.compareUnsigned(to.unsignedLong(), from.unsignedLong()) < 0) {
                return null;
            }
        }
        if (to.end() != text.length()) {
            return null;
        }
        return new BigInteger[] {unsigned(from), unsigned(to)};
    }

    private static BigInteger unsigned(CNumbers.Scanned n) {
        return new BigInteger(Long.toUnsignedString(n.unsignedLong()));
    }
}
