package org.jxen.cli.xl;

import java.util.Map;

/** One disk or NIC as {@code jxen.get_domain_devices} describes it: what xl's block-list and network-list print. */
record DeviceRow(int devid, int backendDomid, int frontendState, int backendState, int eventChannel, String ringRefs,
                 String backendPath, String identity) {
    static DeviceRow of(Map<?, ?> m) {
        return new DeviceRow(Wire.integer(m, "devid"), Wire.integer(m, "backend_domid"), Wire.integer(m, "frontend_state"),
                Wire.integer(m, "backend_state"), Wire.integer(m, "event_channel"), Wire.string(m, "ring_refs"),
                Wire.string(m, "backend_path"), Wire.string(m, "identity"));
    }
}
