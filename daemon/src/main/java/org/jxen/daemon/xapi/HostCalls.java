package org.jxen.daemon.xapi;

import java.time.Clock;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/** {@code host.*} and {@code pool.*} beyond their fields. */
final class HostCalls {
    private HostCalls() {
    }

    static void register(Handlers h, ObjectStore store, Clock clock) {
        h.on("host.get_servertime", call -> {
            store.record("host", call.ref(0));
            return clock.instant();
        });
        h.on("host.call_plugin", call -> {
            store.record("host", call.ref(0));
            throw XenApiFailure.of("XENAPI_MISSING_PLUGIN", call.arg(1));
        });
    }
}
