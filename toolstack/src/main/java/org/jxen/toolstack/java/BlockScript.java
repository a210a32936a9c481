package org.jxen.toolstack.java;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jxen.toolstack.java.LibxlDefaultsHost.PathKind;

/**
 * What Xen's block hotplug script ({@code /etc/xen/scripts/block add}) writes for a vbd the
 * simulated dom0 serves, where the lab's script writes it: a regular file goes on the first free
 * loop device ({@code losetup -f}), and the script records the device ({@code node}), its numbers
 * ({@code physical-device}, major:minor in hex) and its path ({@code physical-device-path});
 * {@code block remove} frees it again. A block device's own numbers are not modelled (the
 * simulated host has no such device to read them from), nor are other scripts.
 */
final class BlockScript {
    private static final int LOOP_MAJOR = 7;
    private static final String XEN_BLOCK_SCRIPT = "/block";

    private final Function<String, PathKind> paths;
    /** Each backend's loop device, and the loop devices in use. */
    private final Map<String, Integer> loopOf = new HashMap<>();
    private final TreeSet<Integer> inUse = new TreeSet<>();

    BlockScript(Function<String, PathKind> paths) {
        this.paths = paths;
    }

    /** The keys the script adds to {@code device}'s backend directory, in the order it writes them; none if it is not run. */
    synchronized Map<String, String> add(DeviceTree.Device device) {
        String script = device.backend().get("script");
        String file = device.backend().get("params");
        if (!device.backendKind().equals("vbd") || script == null || !script.endsWith(XEN_BLOCK_SCRIPT)
                || paths.apply(file) != PathKind.REGULAR_FILE) {
            return Map.of();
        }
        int loop = 0;
        while (inUse.contains(loop)) {
            loop++;
        }
        inUse.add(loop);
        loopOf.put(device.backendPath(), loop);
        String node = "/dev/loop" + loop;
        return DomainTree.entries("node", node, "physical-device", Integer.toHexString(LOOP_MAJOR) + ":"
                + Integer.toHexString(loop), "physical-device-path", node);
    }

    /** {@code block remove} for the backend at {@code backendPath}: its loop device, if it had one, is free. */
    synchronized void remove(String backendPath) {
        Integer loop = loopOf.remove(backendPath);
        if (loop != null) {
            inUse.remove(loop);
        }
    }
}
