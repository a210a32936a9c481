package org.jxen.hv.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.EventChannelStatus.State;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.XenError;

/** Every domain's event channel ports: unbound, interdomain pairs, notification counts. */
final class EventChannels {
    /** Xen's 2-level ABI limit on a 64-bit guest. */
    static final int MAX_PORTS = 4096;

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

    private final Map<Integer, TreeMap<Integer, Port>> ports = new HashMap<>();

    private TreeMap<Integer, Port> of(int domid) {
        return ports.computeIfAbsent(domid, d -> new TreeMap<>());
    }

    private int add(int domid, Port p) throws HypervisorException {
        TreeMap<Integer, Port> table = of(domid);
        for (int port = 1; port < MAX_PORTS; port++) { // port 0 is never handed out
            if (!table.containsKey(port)) {
                table.put(port, p);
                return port;
            }
        }
        throw new HypervisorException(XenError.ENOSPC, "domain " + domid + " has used all " + (MAX_PORTS - 1) + " ports");
    }

    private Port port(int domid, int port) throws HypervisorException {
        Port p = of(domid).get(port);
        if (p == null) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " has no port " + port);
        }
        return p;
    }

    int allocUnbound(int domid, int remoteDomid) throws HypervisorException {
        return add(domid, new Port(State.UNBOUND, remoteDomid, 0));
    }

    int bindInterdomain(int domid, int remoteDomid, int remotePort) throws HypervisorException {
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

    void notify(int domid, int port) throws HypervisorException {
        Port p = port(domid, port);
        if (p.state == State.INTERDOMAIN) {
            of(p.remoteDomid).get(p.remotePort).notifications++;
        }
    }

    void close(int domid, int port) throws HypervisorException {
        Port p = port(domid, port);
        if (p.state == State.INTERDOMAIN) {
            Port remote = of(p.remoteDomid).get(p.remotePort);
            remote.state = State.UNBOUND;
            remote.remotePort = 0;
        }
        of(domid).remove(port);
    }

    EventChannelStatus status(int domid, int port) {
        Port p = of(domid).get(port);
        return p == null ? new EventChannelStatus(State.CLOSED, 0, 0, 0)
                : new EventChannelStatus(p.state, p.remoteDomid, p.remotePort, p.notifications);
    }

    /** A destroyed domain's ports close; their peers become unbound. */
    void closeAll(int domid) throws HypervisorException {
        for (int port : of(domid).keySet().toArray(Integer[]::new)) {
            close(domid, port);
        }
        ports.remove(domid);
    }
}
