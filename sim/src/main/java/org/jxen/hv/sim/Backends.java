package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.HypervisorException;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * dom0's backend drivers (blkback, QEMU's qdisk, netback, the console backend): each device the
 * toolstack puts under {@code /local/domain/0/backend/TYPE/DOMID/DEVID} goes Initialising → InitWait
 * (features written) → Connected once the frontend is Initialised (its rings mapped, its event
 * channel bound, a disk's size read from its image: {@link VbdDisk}), and Closing → Closed when the
 * toolstack or the frontend closes it (its mappings and port let go, so that a destroyed guest can
 * go). A device that cannot connect (its image missing or unreadable, its rings not mappable) goes
 * to Closing with the reason under {@code /local/domain/0/error/}.
 */
final class Backends {
    static final String TOKEN = "backend";
    private static final String ROOT = "/local/domain/0/backend";
    /** What the simulated QEMU's qdisk offers when it takes a device (not checked against QEMU: the lab has none). */
    private static final Map<String, String> QDISK_FEATURES = Map.of("feature-flush-cache", "1", "feature-persistent", "1",
            "max-ring-page-order", "4");

    private final GuestAgents agents;
    /** The frontend's ring pages each connected backend maps, by backend path. */
    private final Map<String, List<GrantMapping>> mapped = new HashMap<>();
    /** dom0's port of each connected backend, by backend path. */
    private final Map<String, Integer> ports = new HashMap<>();
    /** The frontend each backend watches the state of, by backend path. */
    private final Map<String, String> otherEnds = new HashMap<>();
    /** Each driven backend's frontend domid, and each frontend's backend: read once, not per event. */
    private final Map<String, String> frontendIds = new HashMap<>();
    private final Map<String, String> backendOf = new HashMap<>();

    Backends(GuestAgents agents) {
        this.agents = agents;
    }

    void start() {
        agents.dom0().watch(ROOT, TOKEN);
    }

    /** The backend device directory {@code path} is in, or null when it is above one. */
    static String device(String path) {
        String[] p = path.substring(1).split("/"); // local domain 0 backend TYPE DOMID DEVID ...
        return p.length >= 7 && p[3].equals("backend")
                ? String.join("/", "", p[0], p[1], p[2], p[3], p[4], p[5], p[6]) : null;
    }

    /** Something under the backend tree, or a watched frontend state, changed at {@code path}. */
    void changed(String path) {
        String[] p = path.substring(1).split("/"); // local domain 0 backend TYPE DOMID DEVID ...
        if (p.length >= 7 && p[3].equals("backend")) {
            device(DeviceKind.of(p[4]), String.join("/", "", p[0], p[1], p[2], p[3], p[4], p[5], p[6]));
        } else if (p.length >= 2 && p[p.length - 1].equals("state")) { // a frontend's state
            String frontend = path.substring(0, path.length() - "/state".length());
            String backend = backendOf.get(frontend);
            if (backend == null) {
                backend = agents.dom0().xs().readOrNull(frontend + "/backend");
            }
            if (backend != null && backend.startsWith(ROOT + "/")) {
                device(DeviceKind.of(backend.substring(ROOT.length() + 1).split("/")[0]), backend);
            }
        }
    }

    private void device(DeviceKind kind, String be) {
        if (kind == null) {
            return; // a device class the simulated dom0 has no driver for
        }
        if (kind == DeviceKind.CONSOLE && be.endsWith("/0")) {
            return; // console 0 is xenconsoled's: it reads the ring and never takes part in xenbus states
        }
        String frontend = otherEnds.get(be); // known once the driver took the device: it never changes
        String stateText;
        String frontendId;
        String otherText;
        if (frontend != null) { // both ends' states in one round trip
            String[] read = agents.dom0().xs().readEach(be + "/state", frontend + "/state");
            stateText = read[0];
            otherText = read[1];
            frontendId = frontendIds.get(be);
        } else {
            String[] read = agents.dom0().xs().readEach(be + "/state", be + "/frontend", be + "/frontend-id");
            stateText = read[0];
            frontend = read[1];
            frontendId = read[2];
            otherText = frontend == null ? null : agents.dom0().xs().readOrNull(frontend + "/state");
        }
        if (frontend == null || frontendId == null || stateText == null) {
            if (agents.dom0().xs().readOrNull(be) == null) {
                removed(be);
            }
            return; // not (or no longer) a complete device
        }
        XenbusState state = XenbusState.parse(stateText);
        XenbusState other = XenbusState.parse(otherText);
        int domid = Integer.parseInt(frontendId);
        switch (state) {
            case INITIALISING -> {
                agents.dom0().watch(frontend + "/state", TOKEN + frontend); // the other end, as xenbus_watch_otherend does
                otherEnds.put(be, frontend);
                frontendIds.put(be, frontendId);
                backendOf.put(frontend, be);
                boolean qdisk = be.startsWith(ROOT + "/qdisk/");
                agents.dom0().xs().pipelinedTransaction(tx -> {
                    new TreeMap<>(qdisk ? QDISK_FEATURES : kind.backendFeatures).forEach((k, v) -> tx.write(be + "/" + k, v));
                    if (kind == DeviceKind.VIF || kind == DeviceKind.VBD && !qdisk) { // a queue per dom0 CPU
                        tx.write(be + "/multi-queue-max-queues", Integer.toString(dom0Vcpus()));
                    }
                    tx.write(be + "/state", XenbusState.INIT_WAIT.text());
                    return null;
                });
            }
            case INIT_WAIT -> {
                if (other == XenbusState.INITIALISED || other == XenbusState.CONNECTED) {
                    connect(kind, be, frontend, domid);
                }
            }
            case CONNECTED -> {
                if (other == XenbusState.CLOSING || other == XenbusState.CLOSED) {
                    close(be, frontend);
                }
            }
            case CLOSING -> {
                if (other == XenbusState.CLOSED || other == XenbusState.UNKNOWN) {
                    close(be, frontend);
                }
            }
            default -> {
            }
        }
    }

    private int dom0Vcpus() {
        try {
            return agents.host().domainInfo(0).onlineVcpus();
        } catch (HypervisorException e) {
            throw new IllegalStateException("dom0 is always there", e);
        }
    }

    private void connect(DeviceKind kind, String be, String frontend, int domid) {
        Map<String, String> connectKeys = Map.of();
        if (kind == DeviceKind.VBD) {
            try {
                connectKeys = VbdDisk.connectKeys(agents.dom0().xs(), be, be.startsWith(ROOT + "/qdisk/"));
            } catch (VbdDisk.Unusable e) {
                // blkback's xenbus_dev_fatal, QEMU's error: the device never connects, and the toolstack sees why
                fail(be, e.errno + " opening the disk: " + e.getMessage());
                return;
            }
        }
        List<GrantMapping> rings = mapped.computeIfAbsent(be, k -> new ArrayList<>());
        try {
            String[] paths = new String[kind.ringKeys.size() + 1]; // the rings' grants, then the port: one round trip
            for (int i = 0; i < kind.ringKeys.size(); i++) {
                paths[i] = frontend + "/" + kind.ringKeys.get(i);
            }
            paths[paths.length - 1] = frontend + "/" + kind.portKey;
            String[] read = agents.dom0().xs().readEach(paths);
            for (int i = 0; i < kind.ringKeys.size(); i++) {
                rings.add(agents.host().mapGrant(domid, Integer.parseInt(readKey(read[i], paths[i])), false));
            }
            int port = agents.host().bindInterdomain(domid, Integer.parseInt(readKey(read[paths.length - 1],
                    paths[paths.length - 1])));
            ports.put(be, port);
            Map<String, String> keys = new TreeMap<>(connectKeys);
            agents.dom0().xs().pipelinedTransaction(tx -> {
                keys.forEach((k, v) -> tx.write(be + "/" + k, v));
                tx.write(be + "/state", XenbusState.CONNECTED.text());
                return null;
            });
        } catch (HypervisorException | NumberFormatException | XsException e) {
            unmap(be);
            fail(be, "mapping the frontend's rings: " + e.getMessage());
        }
    }

    /** A key the frontend must have written: ENOENT, as reading it alone would fail, when it has not. */
    private static String readKey(String value, String path) {
        if (value == null) {
            throw new XsException(XsErrno.ENOENT, "READ " + path);
        }
        return value;
    }

    /** As xenbus_dev_fatal: say why under dom0's error/, and give up on the device (Closing). */
    private void fail(String be, String why) {
        agents.dom0().xs().write("/local/domain/0/error" + be + "/error", why);
        agents.dom0().xs().write(be + "/state", XenbusState.CLOSING.text());
    }

    private void close(String be, String frontend) {
        closePort(be);
        unmap(be);
        agents.dom0().unwatch(frontend + "/state", TOKEN + frontend);
        forgetOtherEnd(be);
        agents.dom0().xs().write(be + "/state", XenbusState.CLOSED.text());
    }

    /**
     * The toolstack removed the backend's directory without closing it first (libxl's forced
     * removal): as Linux's backend bus unregisters the device, its rings, port and watch go.
     */
    private void removed(String be) {
        String frontend = forgetOtherEnd(be);
        if (frontend != null) {
            agents.dom0().unwatch(frontend + "/state", TOKEN + frontend);
        }
        closePort(be);
        unmap(be);
    }

    private String forgetOtherEnd(String be) {
        String frontend = otherEnds.remove(be);
        frontendIds.remove(be);
        if (frontend != null) {
            backendOf.remove(frontend, be);
        }
        return frontend;
    }

    private void closePort(String be) {
        Integer port = ports.remove(be);
        if (port != null) {
            try {
                agents.host().closePort(port);
            } catch (HypervisorException e) {
                // the guest is gone and its ports with it
            }
        }
    }

    private void unmap(String be) {
        List<GrantMapping> rings = mapped.remove(be);
        if (rings != null) {
            rings.forEach(GrantMapping::close);
        }
    }
}
