package org.jxen.toolstack.libxl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Real Xen's clock for uptimes: wall-clock nanoseconds, as libxl stamps {@code /vm/UUID/start_time}. */
public final class HostClock {
    private HostClock() {
    }

    public static long nowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** When this host (dom0) booted, from {@code /proc/uptime}; now where that cannot be read. */
    static long bootNs() {
        try {
            String uptime = Files.readString(Path.of("/proc/uptime")).split(" ")[0];
            return nowNs() - Math.round(Double.parseDouble(uptime) * 1e9);
        } catch (IOException | RuntimeException e) {
            return nowNs();
        }
    }
}
