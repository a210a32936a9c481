package org.jxen.toolstack;

import java.time.Duration;
import java.util.Objects;

/**
 * How to create: paused ({@code xl create -p}) or not; how long each device's backend may take to
 * come up (libxl's {@code LIBXL_INIT_TIMEOUT}, 10 s); and whether to wait, once the guest runs, for
 * its frontends to connect (libxl does not: a guest kernel connects them after it boots).
 */
public record CreateOptions(boolean paused, Duration deviceTimeout, Duration awaitFrontends) {
    /** libxl's LIBXL_INIT_TIMEOUT: how long a backend has to reach InitWait. */
    public static final Duration LIBXL_INIT_TIMEOUT = Duration.ofSeconds(10);
    public static final CreateOptions DEFAULT = new CreateOptions(false, LIBXL_INIT_TIMEOUT, Duration.ZERO);

    public CreateOptions {
        Objects.requireNonNull(deviceTimeout, "deviceTimeout");
        Objects.requireNonNull(awaitFrontends, "awaitFrontends");
    }

    public CreateOptions paused(boolean p) {
        return new CreateOptions(p, deviceTimeout, awaitFrontends);
    }

    /** Also waits, after unpausing, up to {@code timeout} for every frontend to be Connected. */
    public CreateOptions awaitingFrontends(Duration timeout) {
        return new CreateOptions(paused, deviceTimeout, timeout);
    }
}
