package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;

/**
 * XAPI's sharing check for disks about to be attached (a VM's start or resume, {@code VBD.plug},
 * a medium's insert into a running VM's drive; {@code xapi_vbd_helpers.ml}): a VDI that is not
 * sharable is written by one VM at a time and read by several only while none writes it, else
 * {@code VDI_IN_USE [vdi]}; a read-only VDI is not attached read-write, {@code VDI_READONLY [vdi]}.
 * Other VMs' VBDs count while they are attached or being attached (XAPI's {@code reserved}: two
 * starts at once cannot both pass), not those of a suspended VM or the control domain. Images an
 * xl.cfg brought in (not managed; XAPI attaches none) are left to the toolstack, as xl leaves them
 * to the block hotplug script (docs/jxend.md).
 */
final class DiskSharing {
    private final ObjectStore store;
    /** VBDs being attached by an operation that passed the check and has not finished. */
    private final Set<String> reserved = new HashSet<>();

    DiskSharing(ObjectStore store) {
        this.store = store;
    }

    /** VBDs reserved by {@link #reserve}, until closed (by then they are attached, or not). */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Checks {@code vbds} (one VM's, as XAPI checks a VM's before its start attaches any: they do
     * not count against each other) and reserves them; the first refused fails the call, and then
     * nothing is reserved.
     */
    synchronized Reservation reserve(List<String> vbds) throws XenApiFailure {
        List<String> taken = new ArrayList<>();
        for (String vbd : vbds) {
            if (check(vbd)) {
                taken.add(vbd);
            }
        }
        reserved.addAll(taken);
        return () -> release(taken);
    }

    /**
     * XAPI's {@code VBD.assert_attachable}: fails as a plug of the VBD into its VM would, were the VM
     * running, and reserves nothing (its power state does not matter, as in XAPI).
     */
    synchronized void assertAttachable(String vbd) throws XenApiFailure {
        check(vbd);
    }

    private synchronized void release(List<String> vbds) {
        reserved.removeAll(vbds);
    }

    /** Whether the VBD's attach is one to check and reserve; throws if it is refused. */
    private boolean check(String vbd) throws XenApiFailure {
        Map<String, Object> b = store.record("VBD", vbd);
        if (Boolean.TRUE.equals(b.get("empty")) || Boolean.TRUE.equals(b.get("currently_attached"))) {
            return false;
        }
        String vdi = (String) b.get("VDI");
        Map<String, Object> v = store.record("VDI", vdi);
        if (!Boolean.TRUE.equals(v.get("managed"))) {
            return false;
        }
        boolean write = "RW".equals(b.get("mode"));
        if (!Boolean.TRUE.equals(v.get("sharable")) && !controlDomain((String) b.get("VM"))) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (Object other : (List<?>) v.get("VBDs")) {
                if (!other.equals(vbd) && inUse((String) other)) {
                    users.add(store.record("VBD", (String) other));
                }
            }
            if (users.stream().anyMatch(u -> "RW".equals(u.get("mode"))) || (write && !users.isEmpty())) {
                throw XenApiFailure.of(ErrorCodes.VDI_IN_USE, vdi);
            }
        }
        if (write && Boolean.TRUE.equals(v.get("read_only"))) {
            throw XenApiFailure.of(ErrorCodes.VDI_READONLY, vdi);
        }
        return true;
    }

    /** Another VBD of the VDI that holds it: attached or being attached, of a VM that is not suspended nor dom0. */
    private boolean inUse(String vbd) throws XenApiFailure {
        Map<String, Object> o = store.record("VBD", vbd);
        String vm = (String) o.get("VM");
        return (Boolean.TRUE.equals(o.get("currently_attached")) || reserved.contains(vbd))
                && !"Suspended".equals(store.field("VM", vm, "power_state")) && !controlDomain(vm);
    }

    private boolean controlDomain(String vm) throws XenApiFailure {
        return Boolean.TRUE.equals(store.field("VM", vm, "is_control_domain"));
    }
}
