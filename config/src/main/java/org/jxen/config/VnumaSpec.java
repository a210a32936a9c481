package org.jxen.config;

import java.util.ArrayList;
import java.util.Arrays;
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
        if (maxmem.isPresent() && maxmem.get() * 1024 != memkb(nodes)) {
            throw new ConfigException(where, "xl: maxmem and vnuma memory size mismatch");
        }
        return nodes;
    }

    /** The nodes' memory together, as xl adds up the sizes it was given. */
    static long memkb(List<Vnode> nodes) {
        return nodes.stream().filter(n -> n.memkb() != null).mapToLong(Vnode::memkb).sum();
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
                .anyMatch(v -> v instanceof Value.Atom a && pair(a.text()).size() == 2 && pair(a.text()).getFirst().equals("pnode"));
    }

    /**
     * A setting's key and value as xl's split_string_into_pair finds them: strtok's first two words
     * at {@code =} (so "a=b=c" is a and b), each trimmed; fewer than two words where it fails.
     */
    private static List<String> pair(String setting) {
        return Arrays.stream(setting.split("=")).filter(w -> !w.isEmpty()).limit(2).map(String::strip).toList();
    }

    /** strtok's words of a {@code ,} list; xl 4.17 dereferences a null word and crashes where there is none. */
    private static List<String> commaWords(String key, String value, Position where) throws ConfigException {
        List<String> words = Arrays.stream(value.split(",")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new ConfigException(where, "vnuma " + key + "=\"" + value + "\" names nothing (a ,-separated list)");
        }
        return words;
    }

    /**
     * One node; its distances to all {@code count} nodes are 0 unless vdistances= gives them. Its
     * numbers are read as xl reads them, with strtoul (so "0x200" is 0 and "512M" 512, measured).
     */
    private static Vnode node(Value.ListValue settings, int count, int hostNodes, Position where)
            throws ConfigException {
        Long memkb = null;
        int pnode = 0;
        List<Integer> distances = new ArrayList<>(Collections.nCopies(count, 0));
        List<Integer> vcpus = List.of();
        for (Value v : settings.items()) {
            if (!(v instanceof Value.Atom a)) {
                continue; // xl reads only the strings of a node's list
            }
            List<String> pair = pair(a.text());
            if (pair.size() < 2) {
                throw new ConfigException(where, "xl: failed to split \"" + a.text() + "\" into pair");
            }
            String value = pair.get(1);
            switch (pair.getFirst()) {
                case "pnode" -> {
                    long n = XlValues.parseUlong(value, where);
                    if (Long.compareUnsigned(n, hostNodes) >= 0) {
                        throw new ConfigException(where, "xl: invalid pnode number: " + Long.toUnsignedString(n));
                    }
                    pnode = (int) n;
                }
                case "size" -> memkb = XlValues.parseUlong(value, where) << 10; // libxl's MemKB wraps as in xl
                case "vcpus" -> vcpus = ranges(commaWords("vcpus", value, where), where);
                case "vdistances" -> {
                    List<String> given = commaWords("vdistances", value, where);
                    for (int j = 0; j < given.size(); j++) {
                        int d = (int) XlValues.parseUlong(given.get(j), where);
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
    private static List<Integer> ranges(List<String> ranges, Position where) throws ConfigException {
        List<Integer> vcpus = new ArrayList<>();
        for (String range : ranges) {
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
