package org.jxen.hv.sim;

import java.util.List;
import java.util.Map;

/**
 * The PV device classes the simulated guests and dom0 drive, with what each end writes (as Linux's
 * xen-blkfront/blkback, xen-netfront/netback and the console drivers do): the grants a frontend
 * makes for its rings, the event channel key, and the backend's feature keys. What a vbd's backend
 * writes at Connect comes from its image ({@link VbdDisk}).
 */
enum DeviceKind {
    // what Linux 6.1's blkback writes when it takes the device (also multi-queue-max-queues: see Backends); the
    // rest it writes at Connect (VbdDisk). QEMU's qdisk: Backends.QDISK_FEATURES
    VBD("vbd", List.of("ring-ref"), "event-channel", Map.of("protocol", "x86_64-abi", "feature-persistent", "1"),
            Map.of("feature-max-indirect-segments", "256", "max-ring-page-order", "4")),
    // what Linux 6.1's netfront and netback write (netback also multi-queue-max-queues: see Backends)
    VIF("vif", List.of("tx-ring-ref", "rx-ring-ref"), "event-channel",
            Map.of("request-rx-copy", "1", "feature-rx-notify", "1", "feature-sg", "1", "feature-gso-tcpv4", "1",
                    "feature-gso-tcpv6", "1", "feature-ipv6-csum-offload", "1", "xdp-headroom", "0",
                    "multi-queue-num-queues", "1"),
            Map.ofEntries(Map.entry("feature-sg", "1"), Map.entry("feature-gso-tcpv4", "1"),
                    Map.entry("feature-gso-tcpv6", "1"), Map.entry("feature-ipv6-csum-offload", "1"),
                    Map.entry("feature-rx-copy", "1"), Map.entry("feature-xdp-headroom", "1"),
                    Map.entry("feature-rx-flip", "0"), Map.entry("feature-multicast-control", "1"),
                    Map.entry("feature-dynamic-multicast-control", "1"), Map.entry("feature-split-event-channels", "1"),
                    Map.entry("feature-ctrl-ring", "1"))),
    CONSOLE("console", List.of("ring-ref"), "port", Map.of(), Map.of());

    final String type;
    final List<String> ringKeys;
    final String portKey;
    final Map<String, String> frontendKeys;
    final Map<String, String> backendFeatures;

    DeviceKind(String type, List<String> ringKeys, String portKey, Map<String, String> frontendKeys,
               Map<String, String> backendFeatures) {
        this.type = type;
        this.ringKeys = ringKeys;
        this.portKey = portKey;
        this.frontendKeys = frontendKeys;
        this.backendFeatures = backendFeatures;
    }

    /** The kind whose backend directory is {@code type}: QEMU's qdisk serves vbds too. */
    static DeviceKind of(String type) {
        if (type.equals("qdisk")) {
            return VBD;
        }
        for (DeviceKind k : values()) {
            if (k.type.equals(type)) {
                return k;
            }
        }
        return null;
    }
}
