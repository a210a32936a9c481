package org.jxen.hv.sim;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.EventChannelStatus.State;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.XenError;

/**
 * Every domain's event channel ports: unbound, interdomain pairs, notification counts. A new port
 * is the lowest free one, as Xen hands them out, up to the domain's highest: what it was created
 * with ({@code max_event_channels}) for a guest. Dom0 has no limit of its own, so its highest is
 * the FIFO ABI's (131,071), which Linux uses: a dom0 with a backend for each of 10,000 guests needs
 * more than the 2-level ABI's 4095. Its own lock, not the host's: jxenstored binds dom0's end of a
 * store channel on its thread while the host may be running.
 */
final class EventChannels {
    private static final class Port {
        State state;
        int remoteDomid;
        int remotePort;
        long notifications;

        Port(State state, int remoteDomid, int remotePort) {
            this.state = state;
            this.remoteDomid = remoteDomid;
            this.remotePort = remotePort;
        }
    }

    /** One domain's ports, the ones in use as bits (port 0, never handed out, set), and its highest. */
    private static final class Table {
        final TreeMap<Integer, Port> ports = new TreeMap<>();
        final BitSet used = new BitSet();
        int maxPort = CreateSpec.DEFAULT_MAX_EVENT_CHANNELS;

        Table() {
            used.set(0);
        }
    }

    private final Map<Integer, Table> tables = new HashMap<>();

    private Table of(int domid) {
        return tables.computeIfAbsent(domid, d -> new Table());
    }

    /** Sets the highest port {@code domid} may use, at its creation. */
    synchronized void setMaxPort(int domid, int maxPort) {
        of(domid).maxPort = maxPort;
    }

    private int add(int domid, Port p) throws HypervisorException {
        Table table = of(domid);
        int port = table.used.nextClearBit(1);
        if (port > table.maxPort) {
            throw new HypervisorException(XenError.ENOSPC, "domain " + domid + " has used all " + table.maxPort
                    + " of its event channel ports; close some, or give it a higher max_event_channels");
        }
        table.used.set(port);
        table.ports.put(port, p);
        return port;
    }

    private Port port(int domid, int port) throws HypervisorException {
        Port p = of(domid).ports.get(port);
        if (p == null) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " has no port " + port);
        }
        return p;
    }

    synchronized int allocUnbound(int domid, int remoteDomid) throws HypervisorException {
        return add(domid, new Port(State.UNBOUND, remoteDomid, 0));
    }

    synchronized int bindInterdomain(int domid, int remoteDomid, int remotePort) throws HypervisorException {
        Port remote = port(remoteDomid, remotePort);
        if (remote.state != State.UNBOUND || remote.remoteDomid != domid) {
            throw new HypervisorException(XenError.EINVAL, "port " + remotePort + " of domain " + remoteDomid
                    + " is not an unbound port offered to domain " + domid);
        }
        int port = add(domid, new Port(State.INTERDOMAIN, remoteDomid, remotePort));
        remote.state = State.INTERDOMAIN;
        remote.remotePort = port;
        return port;
    }

    synchronized void notify(int domid, int port) throws HypervisorException {
        Port p = port(domid, port);
        if (p.state == State.INTERDOMAIN) {
            of(p.remoteDomid).ports.get(p.remotePort).notifications++;
        }
    }

    synchronized void close(int domid, int port) throws HypervisorException {
        Port p = port(domid, port);
        if (p.state == State.INTERDOMAIN) {
            Port remote = of(p.remoteDomid).ports.get(p.remotePort);
            remote.state = State.UNBOUND;
            remote.remotePort = 0;
        }
        Table table = of(domid);
        table.ports.remove(port);
        table.used.clear(port);
    }

    synchronized EventChannelStatus status(int domid, int port) {
        Port p = of(domid).ports.get(port);
        return p == null ? new EventChannelStatus(State.CLOSED, 0, 0, 0)
                : new EventChannelStatus(p.state, p.remoteDomid, p.remotePort, p.notifications);
    }

    /** How many of {@code domid}'s ports are bound or offered to {@code remoteDomid}. */
    synchronized int portsTowards(int domid, int remoteDomid) {
        int n = 0;
        for (Port p : of(domid).ports.values()) {
            if (p.remoteDomid == remoteDomid) {
                n++;
            }
        }
        return n;
    }

    /** A destroyed domain's ports close; their peers become unbound (still naming it, as Xen leaves them). */
    synchronized void closeAll(int domid) throws HypervisorException {
        for (int port : of(domid).ports.keySet().toArray(Integer[]::new)) {
            close(domid, port);
        }
        tables.remove(domid);
    }
}
