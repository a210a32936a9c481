package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.ShutdownReason;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * One simulated guest kernel on XenStore, behaving as a Linux PV guest does: at boot it prints its
 * banner, advertises the shutdown requests it obeys, watches {@code control/shutdown},
 * {@code control/sysrq} and {@code memory/target}, and runs a frontend for each vbd, vif and
 * console device the toolstack gave it through the xenbus states (its rings granted to the backend, an unbound event channel
 * offered), at boot and whenever one is added under {@code device/} later; a frontend whose
 * directory is removed is let go (grants ended, port closed). It acknowledges a shutdown request
 * by clearing the node, then shuts down with the matching reason half a second later; it balloons
 * towards a new target; it brings vCPU N up or down as {@code cpu/N/availability} says ("online"
 * or "offline"). Once up it runs a shell on its console ({@link GuestConsole}).
 */
final class GuestAgent {
    /** Time from a shutdown request to the guest's SCHEDOP_shutdown: the kernel's own shutdown. */
    static final long SHUTDOWN_NS = 500_000_000L;
    private static final String KERNEL_RELEASE = "6.1.0-jxen";
    private static final List<String> DEVICE_TYPES = List.of("vbd", "vif", "console");

    /** A frontend device: where it lives, its backend, and the grants and port it set up. */
    private static final class Frontend {
        final DeviceKind kind;
        /** TYPE/DEVID, its key among the guest's frontends. */
        final String key;
        final String path;
        final String backend;
        final int backendId;
        final List<Integer> refs = new ArrayList<>();
        int port;

        Frontend(DeviceKind kind, String key, String path, String backend, int backendId) {
            this.kind = kind;
            this.key = key;
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
    /** Devices (TYPE/DEVID) whose probe failed; known, so not probed again until their directory goes. */
    private final Set<String> failed = new HashSet<>();
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
        domain.guestConsole.add("Linux version " + KERNEL_RELEASE + " (simulated guest) #1 SMP");
        domain.guestConsole.add("Booting kernel on Xen, Xen version: 4.17 (" + domain.type + " guest)");
        domain.guestConsole.add("Memory: " + domain.memKb() + "K available, " + domain.vcpus.size() + " vCPU(s)");
        store.xs().pipelinedTransaction(tx -> {
            for (String request : List.of("poweroff", "reboot", "suspend")) {
                tx.write(home + "/control/feature-" + request, "1");
            }
            return null;
        });
        store.watch(home + "/control/shutdown", token("control"));
        store.watch(home + "/control/sysrq", token("sysrq"));
        store.watch(home + "/memory/target", token("memory"));
        store.watch(home + "/cpu", token("cpu"));
        for (String type : DEVICE_TYPES) {
            for (String devid : children(home + "/device/" + type)) {
                probe(type, devid);
            }
        }
        domain.guestConsole.add("xenbus: " + frontends.size() + " frontend device(s)");
        // as xenbus's frontend bus: devices added or removed later are seen through this watch
        store.watch(home + "/device", token(DEVICES_TOKEN));
        String name = store.xs().readOrNull(home + "/name");
        domain.guestConsole.startShell(new GuestShell(name == null ? "d" + domain.domid : name, KERNEL_RELEASE));
    }

    /** The token of a guest's watch on its {@code device} directory (then its domid). */
    static final String DEVICES_TOKEN = "dev";

    /** The device directory ({@code .../device/TYPE/DEVID}) {@code path} is in, or null when it is above one. */
    static String deviceDir(String path) {
        int at = path.indexOf("/device/");
        if (at < 0) {
            return null;
        }
        String[] p = path.substring(at + "/device/".length()).split("/");
        return p.length >= 2 ? path.substring(0, at) + "/device/" + p[0] + "/" + p[1] : null;
    }

    /**
     * As Linux's {@code xenbus_dev_changed}: something under {@code device/} changed. A device
     * directory that is gone lets its frontend go; a new one is probed (once: a device that failed
     * stays known, as its xenbus device does, so that its own error writes do not probe it again).
     */
    private void deviceChanged(String path) {
        if (!path.startsWith(home + "/device/")) {
            return;
        }
        String node = path.substring((home + "/device/").length()); // TYPE, TYPE/DEVID or deeper
        if (store.xs().readOrNull(path) == null) { // gone: every device at or under it goes (xenbus_cleanup_devices)
            for (Frontend f : List.copyOf(frontends.values())) {
                if (f.key.equals(node) || f.key.startsWith(node + "/")) {
                    forgetQuietly(f);
                }
            }
            failed.removeIf(key -> key.equals(node) || key.startsWith(node + "/"));
            return;
        }
        String[] p = node.split("/");
        String key = p.length >= 2 ? p[0] + "/" + p[1] : null;
        if (key != null && DEVICE_TYPES.contains(p[0]) && !frontends.containsKey(key) && !failed.contains(key)) {
            probe(p[0], p[1]);
        }
    }

    /**
     * Starts a frontend for {@code device/TYPE/DEVID} if it names its backend (a device the
     * toolstack is still writing is probed again at its next change); a {@code backend-id} that is
     * not a number fails the device.
     */
    private void probe(String type, String devid) {
        String path = home + "/device/" + type + "/" + devid;
        String[] read = store.xs().readEach(path + "/backend", path + "/backend-id");
        String backend = read[0];
        String backendId = read[1];
        if (backend == null || backendId == null) {
            return;
        }
        String key = type + "/" + devid;
        try {
            frontends.put(key, new Frontend(DeviceKind.of(type), key, path, backend, Integer.parseInt(backendId.strip())));
            store.watch(backend + "/state", token("fe") + "/" + key); // fires at once: the frontend starts
        } catch (NumberFormatException e) {
            failed.add(key);
            deviceFatal(path, "reading other end details from " + path.substring(home.length() + 1));
        }
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

    /** A watch of this guest fired, at {@code path}; its token says which. */
    void handle(String[] token, String path) {
        switch (token[0]) {
            case DEVICES_TOKEN -> deviceChanged(path);
            case "control" -> shutdownRequest();
            case "sysrq" -> sysrq();
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

    /**
     * The backend's state changed. Both ends' states are read in one round trip; as
     * {@code xenbus_read_driver_state}, a backend state that cannot be read (gone, or EACCES: a
     * removed backend whose parent the guest may not read while another device of its kind is
     * there) reads as Unknown.
     */
    private void frontend(Frontend f) {
        String[] states = store.xs().readEach(f.backend + "/state", f.path + "/state");
        XenbusState backend = XenbusState.parse(states[0]);
        XenbusState own = XenbusState.parse(states[1]);
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

    /** Grants the rings to the backend, offers it an event channel, says Initialised. */
    private void initialise(Frontend f) throws HypervisorException {
        for (int i = 0; i < f.kind.ringKeys.size(); i++) {
            f.refs.add(agents.host().guestGrant(domain, f.backendId, nextRingGfn++, false));
        }
        f.port = agents.host().guestAllocUnbound(domain, f.backendId);
        store.xs().pipelinedTransaction(tx -> {
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
        frontends.remove(f.key);
        store.unwatch(f.backend + "/state", token("fe") + "/" + f.key);
        release(f);
    }

    /** {@link #forget}, for a device the toolstack removed without closing it first (xenbus unregisters it all the same). */
    private void forgetQuietly(Frontend f) {
        try {
            forget(f);
        } catch (HypervisorException e) {
            domain.guestConsole.add(f.kind.type + ": " + e.getMessage());
        }
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

    /**
     * As Linux's {@code sysrq_handler}: a key written to {@code control/sysrq} is cleared and
     * handled as the magic SysRq key is. The simulated kernel allows every key (as
     * {@code kernel.sysrq = 1}; Debian's default, 438, leaves out c) and has those that change what
     * the host sees, sync and remount, and the help line for the rest, in Linux's words.
     */
    private void sysrq() {
        String key = store.xs().readOrNull(home + "/control/sysrq");
        if (key == null || key.isEmpty()) {
            return;
        }
        store.xs().write(home + "/control/sysrq", "");
        switch (key.charAt(0)) {
            case 'b' -> {
                domain.guestConsole.add("sysrq: Resetting");
                agents.guests().shutdownIn(domain, ShutdownReason.REBOOT, 0);
            }
            case 'c' -> {
                domain.guestConsole.add("sysrq: Trigger a crash");
                agents.guests().crash(domain);
            }
            case 'o' -> {
                domain.guestConsole.add("sysrq: Power Off");
                agents.guests().shutdownIn(domain, ShutdownReason.POWEROFF, 0);
            }
            case 's' -> {
                domain.guestConsole.add("sysrq: Emergency Sync");
                domain.guestConsole.add("Emergency Sync complete");
            }
            case 'u' -> {
                domain.guestConsole.add("sysrq: Emergency Remount R/O");
                domain.guestConsole.add("Emergency Remount complete");
            }
            default -> domain.guestConsole.add("sysrq: HELP : reboot(b) crash(c) poweroff(o) sync(s) unmount(u) ");
        }
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

    /** Whether the domain is paused: its kernel does not run. */
    boolean paused() {
        return domain.paused();
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
        store.unwatch(home + "/control/sysrq", token("sysrq"));
        store.unwatch(home + "/memory/target", token("memory"));
        store.unwatch(home + "/cpu", token("cpu"));
        store.unwatch(home + "/device", token(DEVICES_TOKEN));
        frontends.forEach((key, f) -> store.unwatch(f.backend + "/state", token("fe") + "/" + key));
    }
}
