package org.jxen.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jxen.config.DomainConfig.Vnode;

/**
 * vnuma=[ [ "pnode=N", "size=MB", "vcpus=RANGES", "vdistances=D,D,..." ], ... ]: one list of
 * settings per virtual NUMA node (xl.cfg(5)).
 */
final class VnumaSpec {
    /** More vCPUs than any guest may have (HVM_MAX_VCPUS is 128; a PV guest's limit is lower still). */
    private static final long MAX_VCPUS = 4096;

    private VnumaSpec() {
    }

    static List<Vnode> read(XlValues values, HostCpus host) throws ConfigException {
        List<Vnode> nodes = new ArrayList<>();
        var setting = values.config().get("vnuma");
        if (setting.isEmpty()) {
            return nodes;
        }
        Position where = setting.get().position();
        if (!(setting.get().value() instanceof Value.ListValue list)) {
            return nodes; // xl ignores a single value here, without a word (measured)
        }
        for (Value node : list.items()) {
            if (!(node instanceof Value.ListValue settings)) { // each node is a list of "KEY=VALUE" strings
                throw new ConfigException(where, "xl: cannot get vnode config option list");
            }
            nodes.add(node(settings, list.items().size(), host.nodes().size(), where));
        }
        // as xl checks them against maxvcpus= and maxmem= (read before vnuma=; already warned about there)
        Optional<Long> maxvcpus = values.numberQuietly("maxvcpus").filter(n -> n != 0);
        if (maxvcpus.isPresent() && maxvcpus.get() != vcpus(nodes)) {
            throw new ConfigException(where, "xl: vnuma vcpus and maxvcpus= mismatch");
        }
        if (maxvcpus.isEmpty() && vcpus(nodes) > host.maxCpus()) {
            throw new ConfigException(where,
                    "xl: vnuma specifies more vcpus than pcpus, use maxvcpus= to override this check.");
        }
        Optional<Long> maxmem = values.numberQuietly("maxmem");
        if (maxmem.isPresent() && maxmem.get() * 1024 != nodes.stream().mapToLong(Vnode::memkb).sum()) {
            throw new ConfigException(where, "xl: maxmem and vnuma memory size mismatch");
        }
        return nodes;
    }

    /** How many vCPUs the nodes hold together. */
    static int vcpus(List<Vnode> nodes) {
        return nodes.stream().mapToInt(n -> n.vcpus() == null ? 0 : n.vcpus().size()).sum();
    }

    /** Whether a node names its pnode=, which turns libxl's automatic NUMA placement off (as xl does). */
    static boolean placed(XlConfig config) {
        if (!(config.get("vnuma").map(XlConfig.Setting::value).orElse(null) instanceof Value.ListValue nodes)) {
            return false;
        }
        return nodes.items().stream().filter(Value.ListValue.class::isInstance)
                .flatMap(node -> ((Value.ListValue) node).items().stream())
                .anyMatch(v -> v instanceof Value.Atom a && a.text().contains("=") && key(a).equals("pnode"));
    }

    private static String key(Value.Atom setting) {
        return setting.text().substring(0, setting.text().indexOf('=')).strip();
    }

    /**
     * One node; its distances to all {@code count} nodes are 0 unless vdistances= gives them. Its
     * numbers are read as xl reads them, with strtoul (so "0x200" is 0 and "512M" 512, measured).
     */
    private static Vnode node(Value.ListValue settings, int count, int hostNodes, Position where)
            throws ConfigException {
        long memkb = 0;
        int pnode = 0;
        List<Integer> distances = new ArrayList<>(Collections.nCopies(count, 0));
        List<Integer> vcpus = List.of();
        for (Value v : settings.items()) {
            if (!(v instanceof Value.Atom a) || !a.text().contains("=")) {
                throw new ConfigException(where, "a vnuma node's settings are \"KEY=VALUE\" strings");
            }
            String key = key(a);
            String value = a.text().substring(a.text().indexOf('=') + 1).strip();
            switch (key) {
                case "pnode" -> {
                    long n = XlValues.parseUlong(value, where);
                    if (Long.compareUnsigned(n, hostNodes) >= 0) {
                        throw new ConfigException(where, "xl: invalid pnode number: " + Long.toUnsignedString(n));
                    }
                    pnode = (int) n;
                }
                case "size" -> memkb = XlValues.parseUlong(value, where) << 10; // libxl's MemKB wraps as in xl
                case "vcpus" -> vcpus = ranges(value, where);
                case "vdistances" -> {
                    String[] given = value.split(",");
                    for (int j = 0; j < given.length; j++) {
                        int d = (int) XlValues.parseUlong(given[j], where);
                        if (j < count) {
                            distances.set(j, d);
                        }
                    }
                }
                default -> {
                    // xl ignores what it does not know, without a word (measured)
                }
            }
        }
        return new Vnode(memkb, distances, pnode, vcpus);
    }

    /**
     * "0-3,5": the vCPUs of a node, each range read as xl's parse_range reads it, whose failures xl
     * does not check here: a range without digits is vCPU 0 ("0x" is 0), one that ends below its
     * start is none, anything after it is ignored (measured).
     */
    private static List<Integer> ranges(String text, Position where) throws ConfigException {
        List<Integer> vcpus = new ArrayList<>();
        for (String range : text.split(",")) {
            CNumbers.Scanned first = CNumbers.scan(range, 0, 10);
            long from = first == null ? 0 : first.unsignedLong();
            long to = from;
            if (first != null && range.startsWith("-", first.end())) {
                to = CNumbers.strtoul(range.substring(first.end() + 1), 10);
            }
            if (from < 0 || to < 0 || to - from >= MAX_VCPUS) { // xl would count on for ever
                throw new ConfigException(where, "xl: vnuma vcpus range \"" + range + "\" is too large");
            }
            for (long c = from; c <= to; c++) {
                vcpus.add((int) c);
            }
        }
        return vcpus;
    }
}
