package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jxen.config.DomainConfig;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsPermissions;
import org.jxen.xenstore.client.XsTransaction;

/**
 * A domain's own XenStore directories, written as libxl 4.17 writes them: its home
 * {@code /local/domain/N} and {@code /vm/UUID} in one transaction when the domain is made
 * ({@code libxl__domain_make}), what the build set up in a second one ({@code libxl__build_post}),
 * and {@code /libxl/N}, the toolstack's private directory. Removal takes all three away, where
 * libxl leaves empty {@code /vm} and {@code /libxl} directories behind.
 */
final class DomainTree {
    /** How many nodes {@link #cleanup} looks at in one round trip: the path and its next parents. */
    private static final int NODES_AT_ONCE = 4;

    private final XsClient xs;

    DomainTree(XsClient xs) {
        this.xs = xs;
    }

    static String home(int domid) {
        return "/local/domain/" + domid;
    }

    static String vm(UUID uuid) {
        return "/vm/" + uuid;
    }

    static String libxl(int domid) {
        return "/libxl/" + domid;
    }

    /** The directories a new domain gets, before it is built ({@code libxl__domain_make}). */
    void make(int domid, UUID uuid, DomainConfig config) {
        String home = home(domid);
        String vm = vm(uuid);
        String libxl = libxl(domid);
        XsPermissions ro = Perms.readOnlyTo(domid);
        XsPermissions rw = Perms.ownedBy(domid);
        DomainConfig.DomainType type = config.cInfo().type();
        xs.pipelinedTransaction(tx -> {
            tx.rmIfThere(home);
            mknod(tx, home, ro);
            tx.rmIfThere(vm);
            mknod(tx, vm, ro);
            tx.rmIfThere(libxl);
            mknod(tx, libxl, Perms.DOM0_ONLY);
            mknod(tx, libxl + "/device", Perms.DOM0_ONLY);
            tx.write(home + "/vm", vm);
            tx.write(home + "/name", config.cInfo().name());
            tx.write(vm + "/name", config.cInfo().name());
            mknod(tx, home + "/cpu", ro);
            mknod(tx, home + "/memory", ro);
            if (Boolean.TRUE.equals(config.cInfo().xendSuspendEvtchnCompat())) {
                mknod(tx, home + "/device", rw);
            } else {
                mknod(tx, home + "/device", ro);
                mknod(tx, home + "/device/suspend/event-channel", rw);
            }
            mknod(tx, home + "/control", ro);
            if (type == DomainConfig.DomainType.HVM) {
                mknod(tx, home + "/hvmloader", ro);
            }
            for (String node : List.of("control/shutdown", "control/feature-poweroff", "control/feature-reboot",
                    "control/feature-suspend")) {
                mknod(tx, home + "/" + node, rw);
            }
            if (type == DomainConfig.DomainType.HVM) {
                mknod(tx, home + "/control/feature-s3", rw);
                mknod(tx, home + "/control/feature-s4", rw);
            }
            for (String node : List.of("control/sysrq", "data", "drivers", "feature", "attr", "error")) {
                mknod(tx, home + "/" + node, rw);
            }
            if (Boolean.TRUE.equals(config.cInfo().driverDomain())) {
                mknod(tx, home + "/libxl", rw);
                mknod(tx, home + "/device-model", rw);
            }
            tx.write(vm + "/uuid", uuid.toString());
            tx.write(vm + "/name", config.cInfo().name());
            writeEach(tx, home, config.cInfo().xsdata());
            writeEach(tx, home + "/platform", config.cInfo().platformdata());
            tx.write(home + "/control/platform-feature-multiprocessor-suspend", "1");
            tx.write(home + "/control/platform-feature-xs_reset_watches", "1");
            tx.write(libxl + "/type", config.cInfo().type().name().toLowerCase(Locale.ROOT));
            return null;
        });
    }

    /**
     * {@code /libxl/N/dm-version}, written right after the domain is made so that libxl knows
     * whether it has a device model without passing the build info around ({@code store_libxl_entry}).
     */
    void deviceModelVersion(int domid, DomainConfig.DeviceModelVersion version) {
        xs.write(libxl(domid) + "/dm-version", version == DomainConfig.DeviceModelVersion.QEMU_XEN_TRADITIONAL
                ? "qemu_xen_traditional" : "qemu_xen");
    }

    /**
     * What the build set up ({@code libxl__build_post}): memory, the domain ID, the XenStore ring,
     * each vCPU's availability, and under {@code /vm} the image and start time.
     */
    void built(int domid, UUID uuid, Map<String, String> home, Map<String, String> vm) {
        xs.pipelinedTransaction(tx -> {
            writev(tx, home(domid), home);
            writev(tx, vm(uuid), vm);
            return null;
        });
    }

    /**
     * Everything of the domain's: its {@code /vm} directory, its home, its {@code /libxl}
     * directory (libxl's order), and {@code /vm} and {@code /libxl} themselves when the domain was
     * the last to use them.
     */
    void remove(int domid, UUID uuid) {
        xs.pipelinedTransaction(tx -> {
            cleanup(tx, vm(uuid));
            tx.rmIfThere(home(domid));
            cleanup(tx, libxl(domid));
            return null;
        });
    }

    /** Each entry of a libxl key-value list with a value, at {@code dir}/KEY ({@code libxl__xs_writev}). */
    private static void writeEach(XsTransaction tx, String dir, Map<String, String> entries) {
        if (entries != null) {
            entries.forEach((key, value) -> {
                if (value != null) {
                    tx.write(dir + "/" + key, value);
                }
            });
        }
    }

    /** A node with its permissions ({@code libxl__xs_mknod}: mkdir, then set its permissions). */
    static void mknod(XsTransaction tx, String path, XsPermissions perms) {
        tx.mkdir(path);
        tx.setPerms(path, perms);
    }

    /** Each key under {@code base}, in order ({@code libxl__xs_writev}). */
    static void writev(XsTransaction tx, String base, Map<String, String> entries) {
        entries.forEach((k, v) -> tx.write(base + "/" + k, v));
    }

    /**
     * Removes {@code path}, then each parent that is left an empty directory with an empty value
     * ({@code libxl__xs_path_cleanup}). As there, a path that is not there is no error while its
     * parent is (XenStore's RM), and the parents are looked at all the same. libxl reads and lists
     * one parent after another, removing each; this looks at the path and its next parents in one
     * round trip, and removes the highest node that is to go: the same nodes go.
     */
    static void cleanup(XsTransaction tx, String path) {
        List<String> nodes = new ArrayList<>(List.of(path)); // the path, then its parents as far as looked at
        boolean pathThere = false;
        int seen = 0;
        while (true) {
            for (String p = parent(nodes.getLast()); !p.isEmpty() && nodes.size() < seen + NODES_AT_ONCE; p = parent(p)) {
                nodes.add(p);
            }
            for (XsTransaction.Look look : tx.look(nodes.subList(seen, nodes.size()))) {
                if (seen == 0) {
                    pathThere = look.exists();
                } else {
                    if (seen == 1 && !pathThere && !look.exists()) {
                        return; // neither the path nor its parent: RM's ENOENT, where libxl stops
                    }
                    String below = nodes.get(seen - 1);
                    List<String> left = seen == 1 && !pathThere ? List.of()
                            : List.of(below.substring(below.lastIndexOf('/') + 1));
                    if (!"".equals(look.value()) || !left.equals(look.children())) {
                        removeUpTo(tx, nodes, seen - 1, pathThere);
                        return;
                    }
                }
                seen++;
            }
            if (parent(nodes.getLast()).isEmpty()) {
                removeUpTo(tx, nodes, nodes.size() - 1, pathThere);
                return;
            }
        }
    }

    /** Removes node {@code highest} of {@code nodes}, and with it those below; a path not there needs nothing. */
    private static void removeUpTo(XsTransaction tx, List<String> nodes, int highest, boolean pathThere) {
        if (highest > 0 || pathThere) {
            tx.rm(nodes.get(highest));
        }
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, String> entries(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
