package org.jxen.toolstack.java;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jxen.xen.testing.Commands;

/**
 * The XenStore trees real libxl 4.17 left in the xenlab (captured by
 * {@code scripts/xenlab/capture-toolstack-trees}, see {@code libxl-trees/MANIFEST.md}), and the
 * same view of the simulated host's tree through Xen's own {@code xenstore-ls -fp}: one domain's
 * nodes (its home, {@code /vm/UUID}, {@code /libxl/N}, its backends under dom0), with what
 * legitimately differs between two runs masked (UUIDs, MACs libxl made up, frames, ports, the
 * tty, times).
 */
final class LibxlTrees {
    private static final List<Map.Entry<Pattern, String>> MASKS = List.of(
            Map.entry(Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
            Map.entry(Pattern.compile("00:16:3e(:[0-9a-f]{2}){3}"), "<mac>"),
            Map.entry(Pattern.compile("(/start_time = )\"[0-9.]+\""), "$1\"<time>\""),
            Map.entry(Pattern.compile("(/tty = )\"[^\"]*\""), "$1\"<tty>\""),
            // netback offers a queue per dom0 CPU: the lab's dom0 has 2, the simulated one 4
            Map.entry(Pattern.compile("(/multi-queue-max-queues = )\"[0-9]+\""), "$1\"<cpus>\""),
            Map.entry(Pattern.compile("(/(ring-ref|tx-ring-ref|rx-ring-ref|port|local-port|event-channel(-tx|-rx)?) = )\"[0-9]+\""),
                    "$1\"<n>\""));

    private LibxlTrees() {
    }

    /** A captured file's text, from {@code libxl-trees/CASE/FILE}. */
    static boolean hasCapture(String file) {
        return LibxlTrees.class.getResource("/libxl-trees/" + file) != null;
    }

    static String capture(String file) {
        try (InputStream in = LibxlTrees.class.getResourceAsStream("/libxl-trees/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture libxl-trees/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code xenstore-ls -fp /} of the daemon at {@code socket}. */
    static String live(Path socket) {
        return Commands.run(List.of("xenstore-ls", "-fp", "/"), Map.of("XENSTORED_PATH", socket.toString()));
    }

    /**
     * Domain {@code domid}'s nodes in a {@code xenstore-ls -fp} listing, masked, sorted; its domid
     * is written D (a restarted domain gets a new one, and the lab's domids count its earlier
     * cases). Nodes whose last path element is in {@code guestKeys} are left out: those the guest's
     * own drivers write, which differ between Linux and the simulated guest (docs/toolstack.md).
     */
    static TreeSet<String> domain(String listing, int domid, Set<String> guestKeys) {
        TreeSet<String> lines = new TreeSet<>();
        for (String line : listing.split("\n")) {
            String path = line.split(" = ", 2)[0];
            if (guestKeys.contains(path.substring(path.lastIndexOf('/') + 1))) {
                continue;
            }
            if (guestKeys == WHEREVER_THE_GUEST_IS) {
                line = BOOT_PROGRESS.matcher(line).replaceAll("$1\"<progress>\"");
            }
            if (path.startsWith("/local/domain/" + domid + "/") || path.equals("/local/domain/" + domid)
                    || path.startsWith("/vm/") || path.startsWith("/libxl/" + domid)
                    || path.matches("/local/domain/0/backend/[^/]+/" + domid + "(/.*)?")) {
                lines.add(mask(line.replaceAll("\\s+\\(", " (")).replace("/domain/" + domid, "/domain/D")
                        .replace("/libxl/" + domid, "/libxl/D").replaceAll("/backend/([^/]+)/" + domid + "\\b", "/backend/$1/D")
                        .replaceAll("([nrwb])" + domid + "\\b", "$1D")
                        .replaceAll("(/(domid|frontend-id) = )\"" + domid + "\"", "$1\"D\""));
            }
        }
        return lines;
    }

    /**
     * The keys the guest's and dom0's drivers write as a guest boots and connects its devices,
     * for comparing trees at moments when the lab's guest (slow under emulation) and the simulated
     * one had not got equally far: left out, and the values of what they change in libxl's nodes
     * ({@link #BOOT_PROGRESS}) masked.
     */
    static final Set<String> WHEREVER_THE_GUEST_IS = Set.of("event-channel-tx", "event-channel-rx", "event-channel",
            "tx-ring-ref", "rx-ring-ref", "request-rx-copy", "feature-rx-notify", "feature-sg", "feature-gso-tcpv4",
            "feature-gso-tcpv6", "feature-ipv6-csum-offload", "xdp-headroom", "multi-queue-num-queues",
            "feature-rx-copy", "feature-xdp-headroom", "feature-rx-flip", "feature-multicast-control",
            "feature-dynamic-multicast-control", "feature-split-event-channels", "multi-queue-max-queues",
            "feature-ctrl-ring");
    /** Device states, the guest's control/feature-* answers and the hotplug script's status. */
    private static final Pattern BOOT_PROGRESS =
            Pattern.compile("(/(state|feature-poweroff|feature-reboot|feature-suspend|hotplug-status) = )\"[^\"]*\"");

    /** What {@code a} has and {@code b} has not. */
    static TreeSet<String> only(TreeSet<String> a, TreeSet<String> b) {
        TreeSet<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    static String mask(String line) {
        String out = line;
        for (Map.Entry<Pattern, String> m : MASKS) {
            out = m.getKey().matcher(out).replaceAll(m.getValue());
        }
        return out;
    }
}
