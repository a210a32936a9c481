package org.jxen.toolstack.java;

import java.util.Map;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.xenstore.client.XsPermissions;
import org.jxen.xenstore.client.XsTransaction;

/**
 * A PV device's three XenStore directories, written as {@code libxl__device_generic_add} writes
 * them in one transaction: libxl's private record under {@code /libxl/N/device}, the frontend
 * under the guest's {@code device/} (the guest owns it, the backend domain reads), the backend
 * under the backend domain's {@code backend/} (the backend domain owns it, the guest reads).
 * The primary console is the odd one: its frontend is {@code console/} in the guest's home, and
 * the guest may only read it.
 */
final class DeviceTree {
    /** One device: where it lives, and the keys each end starts with. */
    record Device(DeviceStatus.Kind kind, String backendKind, int domid, int devid, int backendDomid,
                  Map<String, String> backend, Map<String, String> frontend, Map<String, String> readOnlyFrontend) {
        String frontendPath() {
            return kind == DeviceStatus.Kind.CONSOLE && devid == 0 ? DomainTree.home(domid) + "/console"
                    : DomainTree.home(domid) + "/device/" + kind.dir() + "/" + devid;
        }

        String backendPath() {
            return DomainTree.home(backendDomid) + "/backend/" + backendKind + "/" + domid + "/" + devid;
        }

        String libxlPath() {
            return DomainTree.libxl(domid) + "/device/" + kind.dir() + "/" + devid;
        }
    }

    private DeviceTree() {
    }

    /** Whether the device is there already ({@code libxl__device_exists}: its backend directory). */
    static boolean exists(XsTransaction tx, Device d) {
        return tx.readOrNull(d.backendPath()) != null;
    }

    /** Writes the device in {@code tx}. */
    static void add(XsTransaction tx, Device d) {
        String fe = d.frontendPath();
        String be = d.backendPath();
        String libxl = d.libxlPath();
        XsPermissions frontendPerms = Perms.ownedReadBy(d.domid(), d.backendDomid());
        XsPermissions readOnlyFrontend = Perms.ownedReadBy(d.backendDomid(), d.domid());
        tx.rmIfThere(libxl);
        tx.write(libxl + "/frontend", fe);
        tx.write(libxl + "/backend", be);
        tx.rmIfThere(fe);
        tx.mkdir(fe);
        boolean primaryConsole = d.kind() == DeviceStatus.Kind.CONSOLE && d.devid() == 0;
        tx.setPerms(fe, primaryConsole ? readOnlyFrontend : frontendPerms);
        tx.write(fe + "/backend", be);
        writev(tx, fe, d.frontend(), frontendPerms);
        writev(tx, fe, d.readOnlyFrontend(), readOnlyFrontend);
        tx.rmIfThere(be);
        tx.mkdir(be);
        tx.setPerms(be, readOnlyFrontend);
        tx.write(be + "/frontend", fe);
        DomainTree.writev(tx, be, d.backend());
        DomainTree.writev(tx, libxl, d.backend());
    }

    /** Each key with its permissions ({@code libxl__xs_writev_perms}). */
    private static void writev(XsTransaction tx, String base, Map<String, String> entries, XsPermissions perms) {
        entries.forEach((k, v) -> {
            tx.write(base + "/" + k, v);
            tx.setPerms(base + "/" + k, perms);
        });
    }

    /**
     * Takes the device's directories away, and any parent left empty, as libxl does once the
     * backend has closed it ({@code libxl__device_destroy}).
     */
    static void remove(XsTransaction tx, String frontend, String backend, String libxl) {
        DomainTree.cleanup(tx, frontend);
        DomainTree.cleanup(tx, libxl);
        DomainTree.cleanup(tx, backend);
    }
}
