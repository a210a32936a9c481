package org.jxen.xenstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.jxen.xenstore.server.CoreLoop;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.SocketTransport;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.store.Quota;

/** jxenstored's core and socket transport on a thread of the test JVM. */
public final class InProcessJxenstored implements Daemon {
    private final Path socket;
    private final XenStoreCore core;
    private final CoreLoop loop;
    private final Thread loopThread;

    public InProcessJxenstored(Path dir) {
        this(dir, Quota.DEFAULTS);
    }

    public InProcessJxenstored(Path dir, Quota quota) {
        this(dir, quota, CoreLoop.DEFAULT_SPIN_MICROS);
    }

    public InProcessJxenstored(Path dir, Quota quota, int spinMicros) {
        this(dir, quota, spinMicros, loop -> DomainConnector.NONE);
    }

    /** With the connector {@code connectors} makes for the daemon's loop serving introduced domains' rings. */
    public InProcessJxenstored(Path dir, Quota quota, int spinMicros, Function<CoreLoop, DomainConnector> connectors) {
        socket = dir.resolve("jxenstored.sock");
        try {
            loop = new CoreLoop(spinMicros);
            core = new XenStoreCore(quota, connectors.apply(loop), Trace.NONE);
            new SocketTransport(loop, core, socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loopThread = Thread.ofPlatform().name("xenstore-core-test").start(loop);
    }

    /** The core, to be touched only from tasks given to {@link #execute}. */
    public XenStoreCore core() {
        return core;
    }

    /** The daemon's loop: tasks given to it run on its thread, as the ring transport's event pump hands them in. */
    public CoreLoop loop() {
        return loop;
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
        loop.close();
        try {
            loopThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
