package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.ShutdownReason;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * One simulated guest kernel on XenStore, behaving as a Linux PV guest does: at boot it prints its
 * banner, advertises the shutdown requests it obeys, watches {@code control/shutdown} and
 * {@code memory/target}, and runs a frontend for each vbd, vif and console device the toolstack
 * gave it through the xenbus states (its rings granted to the backend, an unbound event channel
 * offered). It acknowledges a shutdown request by clearing the node, then shuts down with the
 * matching reason half a second later; it balloons towards a new target; it brings vCPU N up or
 * down as {@code cpu/N/availability} says ("online" or "offline").
 */
final class GuestAgent {
    /** Time from a shutdown request to the guest's SCHEDOP_shutdown: the kernel's own shutdown. */
    static final long SHUTDOWN_NS = 500_000_000L;
    private static final List<String> DEVICE_TYPES = List.of("vbd", "vif", "console");

    /** A frontend device: where it lives, its backend, and the grants and port it set up. */
    private static final class Frontend {
        final DeviceKind kind;
        final String path;
        final String backend;
        final int backendId;
        final List<Integer> refs = new ArrayList<>();
        int port;

        Frontend(DeviceKind kind, String path, String backend, int backendId) {
            this.kind = kind;
            this.path = path;
            this.backend = backend;
            this.backendId = backendId;
        }
    }

    private final GuestAgents agents;
    private final SimDomain domain;
    /** Its own ring to XenStore, or dom0's connection when the daemon cannot reach rings. */
    private final StoreConnection store;
    private final String home;
    private final Map<String, Frontend> frontends = new TreeMap<>();
    /** Guest pages for rings, counted up from here (low memory a kernel would use). */
    private long nextRingGfn = 0x100;

    GuestAgent(GuestAgents agents, SimDomain domain, StoreConnection store) {
        this.agents = agents;
        this.domain = domain;
        this.store = store;
        this.home = "/local/domain/" + domain.domid;
    }

    private String token(String what) {
        return what + "/" + domain.domid;
    }

    void boot() {
        domain.guestConsole.add("Linux version 6.1.0-jxen (simulated guest) #1 SMP");
        domain.guestConsole.add("Booting kernel on Xen, Xen version: 4.17 (" + domain.type + " guest)");
        domain.guestConsole.add("Memory: " + domain.memKb() + "K available, " + domain.vcpus.size() + " vCPU(s)");
        store.xs().transaction(tx -> {
            for (String request : List.of("poweroff", "reboot", "suspend")) {
                tx.write(home + "/control/feature-" + request, "1");
            }
            return null;
        });
        store.watch(home + "/control/shutdown", token("control"));
        store.watch(home + "/memory/target", token("memory"));
        store.watch(home + "/cpu", token("cpu"));
        for (String type : DEVICE_TYPES) {
            for (String devid : children(home + "/device/" + type)) {
                String path = home + "/device/" + type + "/" + devid;
                String backend = store.xs().readOrNull(path + "/backend");
                String backendId = store.xs().readOrNull(path + "/backend-id");
                if (backend == null || backendId == null) {
                    continue;
                }
                try {
                    frontends.put(type + "/" + devid,
                            new Frontend(DeviceKind.of(type), path, backend, Integer.parseInt(backendId.strip())));
                    store.watch(backend + "/state", token("fe") + "/" + type + "/" + devid);
                } catch (NumberFormatException e) {
                    deviceFatal(path, "reading other end details from " + path.substring(home.length() + 1));
                }
            }
        }
        domain.guestConsole.add("xenbus: " + frontends.size() + " frontend device(s)");
    }

    /**
     * As Linux's {@code xenbus_dev_fatal} with EINVAL: the error on the console and under the
     * guest's {@code error/}, the device to Closing; the guest goes on without it.
     */
    private void deviceFatal(String path, String what) {
        String message = "22 " + what;
        domain.guestConsole.add("xenbus: " + message);
        store.xs().write(home + "/error/" + path.substring(home.length() + 1) + "/error", message);
        store.xs().write(path + "/state", XenbusState.CLOSING.text());
    }

    private List<String> children(String path) {
        try {
            return store.xs().directory(path);
        } catch (XsException e) {
            if (e.errno() == XsErrno.ENOENT) {
                return List.of();
            }
            throw e;
        }
    }

    /** A watch of this guest fired; its token says which. */
    void handle(String[] token) {
        switch (token[0]) {
            case "control" -> shutdownRequest();
            case "memory" -> memoryTarget();
            case "cpu" -> cpuAvailability();
            case "fe" -> {
                Frontend f = frontends.get(token[2] + "/" + token[3]);
                if (f != null) { // not one the guest has let go of
                    frontend(f);
                }
            }
            default -> throw new IllegalStateException("no watch has token " + String.join("/", token));
        }
    }

    private void frontend(Frontend f) {
        XenbusState backend = XenbusState.parse(otherEndState(f.backend));
        XenbusState own = XenbusState.parse(store.xs().readOrNull(f.path + "/state"));
        try {
            switch (backend) {
                case INIT_WAIT -> {
                    if (own == XenbusState.INITIALISING || own == XenbusState.UNKNOWN) {
                        initialise(f);
                    }
                }
                case CONNECTED -> {
                    if (own == XenbusState.INITIALISED) {
                        store.xs().write(f.path + "/state", XenbusState.CONNECTED.text());
                        domain.guestConsole.add(f.kind.type + " " + f.path.substring(f.path.lastIndexOf('/') + 1)
                                + ": connected to backend in domain " + f.backendId);
                    }
                }
                case CLOSING, CLOSED -> {
                    if (store.xs().readOrNull(f.path) == null) {
                        forget(f); // the toolstack took the device away: xenbus unregisters it
                    } else if (own != XenbusState.CLOSED) {
                        release(f);
                        store.xs().write(f.path + "/state", XenbusState.CLOSED.text());
                    }
                }
                case UNKNOWN -> {
                    if (store.xs().readOrNull(f.path) == null) {
                        forget(f); // both ends taken away at once, as a detach does once the backend closed
                    }
                }
                default -> {
                }
            }
        } catch (HypervisorException e) {
            domain.guestConsole.add(f.kind.type + ": " + e.getMessage());
            store.xs().write(f.path + "/state", XenbusState.CLOSING.text());
        }
    }

    /**
     * The backend's state text, or null when it is gone: as {@code xenbus_read_driver_state}, any
     * failure to read reads as Unknown. A removed backend whose parent the guest may not read
     * (another device of the kind is still there) gives EACCES rather than ENOENT.
     */
    private String otherEndState(String backend) {
        try {
            return store.xs().readOrNull(backend + "/state");
        } catch (XsException e) {
            if (e.errno() == XsErrno.EACCES) {
                return null;
            }
            throw e;
        }
    }

    /** Grants the rings to the backend, offers it an event channel, says Initialised. */
    private void initialise(Frontend f) throws HypervisorException {
        for (int i = 0; i < f.kind.ringKeys.size(); i++) {
            f.refs.add(agents.host().guestGrant(domain, f.backendId, nextRingGfn++, false));
        }
        f.port = agents.host().guestAllocUnbound(domain, f.backendId);
        store.xs().transaction(tx -> {
            for (int i = 0; i < f.refs.size(); i++) {
                tx.write(f.path + "/" + f.kind.ringKeys.get(i), Integer.toString(f.refs.get(i)));
            }
            tx.write(f.path + "/" + f.kind.portKey, Integer.toString(f.port));
            new TreeMap<>(f.kind.frontendKeys).forEach((k, v) -> tx.write(f.path + "/" + k, v));
            tx.write(f.path + "/state", XenbusState.INITIALISED.text());
            return null;
        });
    }

    /** A device whose directory is gone: its grants and port go, and its watch. */
    private void forget(Frontend f) throws HypervisorException {
        release(f);
        String key = f.path.substring(f.path.lastIndexOf("/device/") + "/device/".length());
        frontends.remove(key);
        store.unwatch(f.backend + "/state", token("fe") + "/" + key);
    }

    private void release(Frontend f) throws HypervisorException {
        for (int ref : f.refs) {
            agents.host().guestEndGrant(domain, ref);
        }
        f.refs.clear();
        if (f.port != 0) {
            agents.host().guestClosePort(domain, f.port);
            f.port = 0;
        }
    }

    private void shutdownRequest() {
        String request = store.xs().readOrNull(home + "/control/shutdown");
        if (request == null || request.isEmpty()) {
            return;
        }
        store.xs().write(home + "/control/shutdown", ""); // the acknowledgement the toolstack waits for
        ShutdownReason reason = switch (request) {
            case "poweroff", "halt" -> ShutdownReason.POWEROFF;
            case "reboot" -> ShutdownReason.REBOOT;
            case "suspend" -> ShutdownReason.SUSPEND;
            default -> null;
        };
        if (reason == null) {
            domain.guestConsole.add("Ignoring shutdown request: " + request);
            return;
        }
        domain.guestConsole.add(switch (reason) {
            case POWEROFF -> "reboot: Power down";
            case REBOOT -> "reboot: Restarting system";
            default -> "Freezing user space processes ... suspending xenstore";
        });
        agents.guests().shutdownIn(domain, reason, SHUTDOWN_NS);
    }

    private void memoryTarget() {
        String target = store.xs().readOrNull(home + "/memory/target");
        try {
            if (target != null) {
                agents.guests().balloonTo(domain, Long.parseLong(target.strip()));
            }
        } catch (NumberFormatException e) {
            domain.guestConsole.add("xen:balloon: ignoring memory/target \"" + target + "\": not a number of KiB");
        }
    }

    private void cpuAvailability() {
        for (SimVcpu v : domain.vcpus) {
            String availability = store.xs().readOrNull(home + "/cpu/" + v.id + "/availability");
            if ("online".equals(availability) || "offline".equals(availability)) {
                agents.guests().vcpuUp(v, availability.equals("online"));
            }
        }
    }

    StoreConnection store() {
        return store;
    }

    /** The guest is gone: its own ring closes (the daemon drops its watches), or it takes its watches back from dom0's. */
    void stop() {
        if (store != agents.dom0()) {
            store.close();
            return;
        }
        store.unwatch(home + "/control/shutdown", token("control"));
        store.unwatch(home + "/memory/target", token("memory"));
        store.unwatch(home + "/cpu", token("cpu"));
        frontends.forEach((key, f) -> store.unwatch(f.backend + "/state", token("fe") + "/" + key));
    }
}
