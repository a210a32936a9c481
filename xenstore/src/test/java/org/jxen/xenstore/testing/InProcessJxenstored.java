package org.jxen.xenstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.SocketTransport;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.store.Quota;

/** jxenstored's core and socket transport on a thread of the test JVM. */
public final class InProcessJxenstored implements Daemon {
    private final Path socket;
    private final XenStoreCore core;
    private final SocketTransport transport;
    private final Thread loop;

    public InProcessJxenstored(Path dir) {
        this(dir, Quota.DEFAULTS);
    }

    public InProcessJxenstored(Path dir, Quota quota) {
        this(dir, quota, SocketTransport.DEFAULT_SPIN_MICROS);
    }

    public InProcessJxenstored(Path dir, Quota quota, int spinMicros) {
        socket = dir.resolve("jxenstored.sock");
        try {
            core = new XenStoreCore(quota, DomainConnector.NONE, Trace.NONE);
            transport = new SocketTransport(core, socket, spinMicros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop = Thread.ofPlatform().name("xenstore-core-test").start(transport::run);
    }

    /** The core, to be touched only from tasks given to {@link #execute}. */
    public XenStoreCore core() {
        return core;
    }

    /** Runs {@code task} on the daemon's loop thread, as the ring transport's event pump does. */
    public void execute(Runnable task) {
        transport.execute(task);
    }

    @Override
    public Path socket() {
        return socket;
    }

    @Override
    public String name() {
        return "jxenstored";
    }

    @Override
    public void close() {
        transport.close();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
