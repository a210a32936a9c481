package org.jxen.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The host's CPUs as a CPU list in xl.cfg is read against them: how many there can be, and which
 * belong to each NUMA node. libxl's CPU bitmaps are whole bytes, so "all" sets every bit of them:
 * on a 2-CPU host, CPUs 0 to 7.
 */
public record HostCpus(int maxCpus, Map<Integer, List<Integer>> nodes) {
    public HostCpus {
        nodes = Map.copyOf(nodes);
    }

    /** The CPUs "all" stands for: every bit of the byte-rounded bitmap. */
    public List<Integer> all() {
        return IntStream.range(0, (maxCpus + 7) / 8 * 8).boxed().toList();
    }

    /**
     * This machine, as Linux shows it in /sys: what jxl's dry run uses when there is no hypervisor
     * to ask (on Xen, dom0's view can be smaller than the host's).
     */
    public static HostCpus local() {
        Map<Integer, List<Integer>> nodes = new TreeMap<>();
        Path nodeDir = Path.of("/sys/devices/system/node");
        try (Stream<Path> dirs = Files.list(nodeDir)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().matches("node\\d+")).toList()) {
                int node = Integer.parseInt(d.getFileName().toString().substring(4));
                nodes.put(node, parseKernelList(Files.readString(d.resolve("cpulist")).strip()));
            }
        } catch (IOException | RuntimeException e) {
            nodes.clear();
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        if (nodes.isEmpty()) {
            nodes.put(0, IntStream.range(0, cpus).boxed().toList());
        }
        int max = nodes.values().stream().flatMap(List::stream).mapToInt(c -> c + 1).max().orElse(cpus);
        return new HostCpus(Math.max(max, cpus), nodes);
    }

    /** The kernel's "0-3,8" lists. */
    private static List<Integer> parseKernelList(String text) {
        return Stream.of(text.split(",")).filter(s -> !s.isEmpty()).flatMap(r -> {
            String[] ends = r.split("-");
            int lo = Integer.parseInt(ends[0]);
            int hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
            return IntStream.rangeClosed(lo, hi).boxed();
        }).toList();
    }
}
