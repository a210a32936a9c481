package org.jxen.xenstore.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.SocketTransport;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.store.Quota;

/**
 * Replays a recorded session against a scratch daemon (its own store, loop and socket in a
 * temporary directory) before the real one serves anyone, so that the JIT has compiled the
 * request paths, socket transport included, by the time the first toolstack request arrives. In
 * an emulated dom0 a cold jxenstored answers its first few hundred requests in ~0.8 ms each and a
 * warm one in ~0.2 ms; xl create sends ~300. The session is jxenstored's own trace of dom0
 * booting, {@code xl create} of a PV guest with a vif, the guest running and {@code xl destroy}.
 * The scratch daemon is thrown away: the live store never sees any of it.
 */
public final class WarmUp {
    static final String SESSION = "xl-guest-lifecycle.trace";

    private WarmUp() {
    }

    public static TraceReplay.Result run() throws IOException {
        Path dir = Files.createTempDirectory("jxenstored-warm-up");
        Path socket = dir.resolve("socket");
        XenStoreCore scratch = new XenStoreCore(Quota.DEFAULTS, DomainConnector.NONE, Trace.NONE);
        SocketTransport transport = new SocketTransport(scratch, socket, SocketTransport.DEFAULT_SPIN_MICROS);
        Thread loop = Thread.ofPlatform().name("warm-up-core").start(transport::run);
        try {
            return TraceReplay.replay(socket, session());
        } finally {
            transport.close();
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
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
