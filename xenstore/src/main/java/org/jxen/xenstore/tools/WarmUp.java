package org.jxen.xenstore.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.store.Quota;

/**
 * Replays a recorded session against a scratch core, so that the JIT has compiled the request
 * paths by the time the toolstack's requests arrive. In an emulated dom0 a cold jxenstored answers
 * its first few hundred requests in ~0.8 ms each and a warm one in ~0.2 ms; xl create sends ~300.
 * The session is jxenstored's own trace of dom0 booting, {@code xl create} of a PV guest with a
 * vif, the guest running and {@code xl destroy}. It goes over in-process rings
 * ({@link ScratchRing}), the way dom0's tools reach the daemon, on the calling thread: no socket,
 * no system call, so it costs little CPU next to the real daemon. The scratch core is thrown away:
 * the live store never sees any of it.
 */
public final class WarmUp {
    static final String SESSION = "xl-guest-lifecycle.trace";

    private WarmUp() {
    }

    public static TraceReplay.Result run() throws IOException {
        XenStoreCore scratch = new XenStoreCore(Quota.DEFAULTS, DomainConnector.NONE, Trace.NONE);
        return TraceReplay.replay(() -> new ScratchRing(scratch), session());
    }

    private static List<String> session() throws IOException {
        InputStream in = WarmUp.class.getResourceAsStream(SESSION);
        if (in == null) {
            throw new IOException("resource " + SESSION + " is missing from the jar");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}
