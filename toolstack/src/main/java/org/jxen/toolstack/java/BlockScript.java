package org.jxen.toolstack.java;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jxen.toolstack.java.LibxlDefaultsHost.PathKind;

/**
 * What Xen's block hotplug script ({@code /etc/xen/scripts/block add}) writes for a vbd the
 * simulated backend domain serves, where the lab's script writes it: a regular file goes on that
 * domain's first free loop device ({@code losetup -f}), and the script records the device
 * ({@code node}), its numbers ({@code physical-device}, major:minor in hex) and its path
 * ({@code physical-device-path}); {@code block remove} frees it again. Not modelled: a block
 * device's own numbers (the simulated host has no such device to read them from), other scripts,
 * and the script's check that no other VM has the file open read-write (it parses util-linux's
 * {@code losetup -a}; the lab's busybox prints another format, so it never refuses there either).
 */
final class BlockScript {
    private static final int LOOP_MAJOR = 7;
    private static final String XEN_BLOCK_SCRIPT = "/block";

    private final Function<String, PathKind> paths;
    /** Each backend's loop device, and the loop devices in use in each backend domain. */
    private final Map<String, Loop> loopOf = new HashMap<>();
    private final Map<Integer, Set<Integer>> inUse = new HashMap<>();

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
        Loop given = loopOf.get(device.backendPath()); // asked again: a transaction that is tried again
        int loop = given != null ? given.index() : 0;
        if (given == null) {
            Set<Integer> used = inUse.computeIfAbsent(device.backendDomid(), domid -> new HashSet<>());
            while (used.contains(loop)) {
                loop++;
            }
            used.add(loop);
            loopOf.put(device.backendPath(), new Loop(device.backendDomid(), loop));
        }
        String node = "/dev/loop" + loop;
        return DomainTree.entries("node", node, "physical-device", Integer.toHexString(LOOP_MAJOR) + ":"
                + Integer.toHexString(loop), "physical-device-path", node);
    }

    /** {@code block remove} for the backend at {@code backendPath}: its loop device, if it had one, is free. */
    synchronized void remove(String backendPath) {
        Loop loop = loopOf.remove(backendPath);
        if (loop != null) {
            inUse.get(loop.backendDomid()).remove(loop.index());
        }
    }

    /** Loop device {@code /dev/loopINDEX} of the backend domain. */
    private record Loop(int backendDomid, int index) {
    }
}
