package org.jxen.hv.sim;

import java.io.IOException;
import java.nio.file.Path;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsConnection;
import org.jxen.xenstore.server.CoreLoop;
import org.jxen.xenstore.server.SocketTransport;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.inproc.InProcessConnector;
import org.jxen.xenstore.store.Quota;

/**
 * A whole simulated Xen machine in this process: the host, jxenstored serving its guests' rings
 * and dom0's socket (so {@code xenstore-ls} works against it), dom0's backend drivers on their
 * own connection, and dom0's XenStore entries as {@code xen-init-dom0} writes them at boot. The
 * toolstack gets a connection of its own ({@link #toolstackStore}). The backends' is
 * {@linkplain XsConnection#readByCallers read by its caller}: they take their events in the
 * host's pump, after a round trip. The toolstack's keeps a reader thread: jxend's many threads
 * share it, and callers taking turns to read have not been shown to serve them as well.
 */
public final class SimMachine implements AutoCloseable {
    private final SimHost host;
    private final Path socket;
    private final CoreLoop loop;
    private final Thread loopThread;
    private final XsClient backends;
    private final XsClient toolstack;

    /** Boots {@code topology} with {@code seed}, jxenstored's socket at {@code socket}. */
    public SimMachine(Topology topology, long seed, Path socket) throws IOException {
        this.host = new SimHost(topology, seed);
        this.socket = socket;
        this.loop = new CoreLoop(CoreLoop.DEFAULT_SPIN_MICROS);
        InProcessConnector rings = new InProcessConnector(host, loop, Quota.DEFAULTS.outstanding());
        new SocketTransport(loop, new XenStoreCore(Quota.DEFAULTS, rings, Trace.NONE), socket);
        this.loopThread = Thread.ofPlatform().name("jxenstored").daemon().start(loop);
        this.toolstack = XsClient.connect(socket); // a reader thread: jxend's many threads share it
        initDom0(toolstack);
        this.backends = new XsClient(XsConnection.socketReadByCallers(socket)); // they take their events after a round trip
        host.attachXenStore(backends, rings);
    }

    /** What {@code xen-init-dom0} writes when dom0 boots: its name and ID, and the CPU pool's name. */
    private static void initDom0(XsClient xs) {
        xs.write("/local/domain/0/name", "Domain-0");
        xs.write("/local/domain/0/domid", "0");
        xs.write("/local/pool/0/name", "Pool-0");
    }

    public SimHost host() {
        return host;
    }

    /** jxenstored's socket, for {@code XENSTORED_PATH}. */
    public Path socket() {
        return socket;
    }

    /** dom0's connection for the toolstack. */
    public XsClient toolstackStore() {
        return toolstack;
    }

    @Override
    public void close() throws IOException {
        try (backends; toolstack) {
            loop.close();
        }
        try {
            loopThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
