package org.jxen.toolstack.java;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jxen.toolstack.DeviceListing;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;

/**
 * Adding and removing PV devices with the xenbus handshake as libxl drives it: the device's
 * directories in one transaction, then waiting (with libxl's timeouts) for the backend to reach
 * InitWait before the hotplug step, or, on removal, for it to reach Closed after being told to
 * close (online 0, state Closing) before the directories go.
 */
final class Devices {
    /** XenbusState numbers libxl waits for. */
    static final int INIT_WAIT = 2;
    static final int CLOSED = 6;
    private static final int CLOSING = 5;
    /** libxl's LIBXL_DESTROY_TIMEOUT. */
    static final Duration DESTROY_TIMEOUT = Duration.ofSeconds(10);

    private final XsClient xs;
    private final HostTime time;
    private final BlockScript blockScript;

    Devices(XsClient xs, HostTime time, BlockScript blockScript) {
        this.xs = xs;
        this.time = time;
        this.blockScript = blockScript;
    }

    /** Writes {@code device}; DEVICE_EXISTS when its backend directory is there already. */
    void write(DeviceTree.Device device) throws ToolstackException {
        boolean added = xs.pipelinedTransaction(tx -> {
            if (DeviceTree.exists(tx, device)) {
                return false;
            }
            DeviceTree.add(tx, device);
            return true;
        });
        if (!added) {
            throw new ToolstackException(ToolstackException.Kind.DEVICE_EXISTS, "device already exists in xenstore: "
                    + device.backendPath());
        }
    }

    /**
     * Waits for each kernel backend to reach InitWait (or beyond), then does the hotplug
     * scripts' part: what the block script writes of a file's loop device ({@link BlockScript}),
     * and {@code hotplug-status} connected, which the backend waits for. QEMU's backends (qdisk)
     * and the console are not waited for, as libxl does not wait for them.
     */
    void awaitBackends(List<DeviceTree.Device> devices, Duration timeout) throws ToolstackException {
        List<DeviceTree.Device> pv = devices.stream()
                .filter(d -> d.kind() != DeviceStatus.Kind.CONSOLE && !d.backendKind().equals("qdisk")).toList();
        List<String> backends = pv.stream().map(DeviceTree.Device::backendPath).toList();
        if (!time.await(() -> Arrays.stream(states(backends)).allMatch(s -> s >= INIT_WAIT), timeout.toNanos())) {
            String late = backends.stream().filter(b -> state(b) < INIT_WAIT).findFirst().orElse("?");
            throw new ToolstackException(ToolstackException.Kind.TIMEOUT, "unable to initialize device " + late
                    + ": its backend did not reach InitWait within " + timeout.toSeconds() + " s");
        }
        xs.transaction(tx -> {
            for (DeviceTree.Device d : pv) {
                for (Map.Entry<String, String> key : blockScript.add(d).entrySet()) {
                    tx.write(d.backendPath() + "/" + key.getKey(), key.getValue());
                }
                tx.write(d.backendPath() + "/hotplug-status", "connected");
            }
            return null;
        });
    }

    /** Waits until every frontend of {@code devices} is Connected. */
    void awaitFrontends(List<DeviceTree.Device> devices, Duration timeout) throws ToolstackException {
        List<String> waiting = new ArrayList<>(devices.stream().filter(d -> d.kind() != DeviceStatus.Kind.CONSOLE)
                .map(DeviceTree.Device::frontendPath).toList()); // read each only until it is Connected
        if (!time.await(() -> {
            // the first alone while it is not Connected (most checks come before the guest is up), then the rest at once
            if (!waiting.isEmpty() && state(waiting.getFirst()) == DeviceStatus.CONNECTED) {
                waiting.removeFirst();
                int[] states = states(waiting);
                for (int i = states.length - 1; i >= 0; i--) {
                    if (states[i] == DeviceStatus.CONNECTED) {
                        waiting.remove(i);
                    }
                }
            }
            return waiting.isEmpty();
        }, timeout.toNanos())) {
            String late = waiting.getFirst();
            throw new ToolstackException(ToolstackException.Kind.TIMEOUT, "the guest's frontend " + late
                    + " did not connect within " + timeout.toSeconds() + " s");
        }
    }

    /**
     * Removes the device under {@code libxlPath} ({@code /libxl/N/device/KIND/DEVID}): tells its
     * backend to close (with {@code force}, taking the frontend away first, as a destroy does),
     * waits up to libxl's timeout for Closed, then removes its directories. A backend that does
     * not close in time is removed anyway when forced, and is a TIMEOUT otherwise.
     */
    void remove(String libxlPath, boolean force) throws ToolstackException {
        removeAll(List.of(libxlPath), force);
    }

    /**
     * {@link #remove} for several devices at once, as {@code libxl__devices_destroy} removes a
     * domain's devices: every backend told to close, then all of them awaited together (one wait of
     * libxl's timeout, not one per device), then the directories of each removed.
     */
    void removeAll(List<String> libxlPaths, boolean force) throws ToolstackException {
        List<Closing> closing = new ArrayList<>();
        for (String libxlPath : libxlPaths) {
            Closing c = close(libxlPath, force);
            if (c != null) {
                closing.add(c);
            }
        }
        List<String> awaited = closing.stream().filter(Closing::backendThere).map(Closing::backend).toList();
        if (!awaited.isEmpty() && !time.await(() -> Arrays.stream(states(awaited)).allMatch(Devices::closed),
                DESTROY_TIMEOUT.toNanos()) && !force) {
            String late = awaited.stream().filter(b -> !closed(state(b))).findFirst().orElse("?");
            throw new ToolstackException(ToolstackException.Kind.TIMEOUT, "device " + late
                    + " did not close within " + DESTROY_TIMEOUT.toSeconds() + " s: the guest did not release it");
        }
        for (Closing c : closing) {
            xs.pipelinedTransaction(tx -> {
                DeviceTree.remove(tx, c.frontend(), c.backend(), c.libxlPath());
                return null;
            });
            blockScript.remove(c.backend());
        }
    }

    /** A device whose backend was told to close ({@code backendThere}), its directories still to go. */
    private record Closing(String libxlPath, String frontend, String backend, boolean backendThere) {
    }

    /**
     * Starts removing the device under {@code libxlPath}: its backend told to close; null when
     * nothing is left to wait for (a half-written device, or a console, whose nodes are removed at once).
     */
    private Closing close(String libxlPath, boolean force) {
        String frontend = xs.readOrNull(libxlPath + "/frontend");
        String backend = xs.readOrNull(libxlPath + "/backend");
        if (frontend == null || backend == null) {
            xs.pipelinedTransaction(tx -> {
                DomainTree.cleanup(tx, libxlPath);
                return null;
            });
            return null;
        }
        if (libxlPath.contains("/device/console/")) {
            // consoles are xenconsoled's, with no xenbus handshake: libxl just removes their nodes
            xs.pipelinedTransaction(tx -> {
                DeviceTree.remove(tx, frontend, backend, libxlPath);
                return null;
            });
            return null;
        }
        boolean backendThere = xs.transaction(tx -> {
            if (force) {
                DomainTree.cleanup(tx, frontend);
            }
            String state = tx.readOrNull(backend + "/state");
            if (state == null) {
                return false;
            }
            tx.write(backend + "/online", "0");
            if (!state.equals(Integer.toString(CLOSED))) {
                tx.write(backend + "/state", Integer.toString(CLOSING));
            }
            return true;
        });
        return new Closing(libxlPath, frontend, backend, backendThere);
    }

    /** A backend's state once it let go: Closed, or none (its directory gone). */
    private static boolean closed(int state) {
        return state == CLOSED || state == 0;
    }

    /** Every device libxl recorded for the domain, as {@code /libxl/N/device/KIND/DEVID} paths. */
    List<String> recorded(int domid) {
        List<String> paths = new ArrayList<>();
        String base = DomainTree.libxl(domid) + "/device";
        for (String kind : DeviceListing.children(xs, base)) {
            for (String devid : DeviceListing.children(xs, base + "/" + kind)) {
                paths.add(base + "/" + kind + "/" + devid);
            }
        }
        return paths;
    }

    /** The devices of one kind as {@code xl block-list}/{@code network-list} show them. */
    List<DeviceStatus> status(int domid, DeviceStatus.Kind kind) {
        return DeviceListing.read(xs, domid, kind);
    }

    /** The XenbusState of the device end at {@code path}; 0 when it has none. */
    int state(String path) {
        return states(List.of(path))[0];
    }

    /** {@link #state} of each of {@code paths}, in one round trip. */
    private int[] states(List<String> paths) {
        String[] values = xs.readEach(paths.stream().map(p -> p + "/state").toArray(String[]::new));
        return Arrays.stream(values).mapToInt(s -> s == null ? 0 : parseOr(s.strip(), 0)).toArray();
    }

    private static int parseOr(String s, int otherwise) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
