package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jxen.config.DomainConfig;
import org.jxen.toolstack.Limits;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.EventBus;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.toolstack.VirtualDisks;
import org.jxen.xenstore.client.XsClient;

/**
 * Disks and network interfaces added to and removed from a running domain, as {@code xl
 * block-attach}/{@code network-attach} and their {@code -detach} do: the device written, its
 * backend awaited with libxl's timeout (and the device taken away again if it does not come),
 * the stored configuration updated.
 */
final class Hotplug {
    private final XsClient xs;
    private final Devices devices;
    private final EventBus events;
    private final RandomGenerator random;
    private final LibxlDefaultsHost defaults;
    private final DomainCreation.BackendDomains backends;

    Hotplug(XsClient xs, Devices devices, EventBus events, RandomGenerator random, LibxlDefaultsHost defaults,
            DomainCreation.BackendDomains backends) {
        this.backends = backends;
        this.defaults = defaults;
        this.xs = xs;
        this.devices = devices;
        this.events = events;
        this.random = random;
    }

    void attachDisk(DomainRecord r, DomainConfig.Disk requested) throws ToolstackException {
        DomainConfig.Disk disk = defaulted(() -> LibxlDefaultsDevices.disk(requested, r.config.cInfo().type(), defaults));
        DeviceTree.Device d = DeviceSpecs.disk(r.domid, backends.domid(disk.backendDomname()), r.config.cInfo().type(),
                disk);
        attach(r, d);
        r.config = Configs.withDisks(r.config, plus(r.config.disks(), disk));
        r.saved = Configs.withDisks(r.saved, plus(r.saved.disks(), requested));
    }

    int attachNic(DomainRecord r, DomainConfig.Nic requested) throws ToolstackException {
        int devid = requested.devid() != null ? requested.devid() : nextNicDevid(r.domid);
        DomainConfig.Nic nic = defaulted(() -> LibxlDefaultsDevices.nic(Configs.with(requested, "devid", devid),
                r.config.cInfo().type(), defaults, random));
        attach(r, DeviceSpecs.nic(r.domid, backends.domid(nic.backendDomname()), nic));
        r.config = Configs.withNics(r.config, plus(r.config.nics(), nic));
        r.saved = Configs.withNics(r.saved, plus(r.saved.nics(), RecordEdit.of(requested).set("devid", devid)
                .set("mac", nic.mac()).set("nictype", nic.nictype()).build()));
        return devid;
    }

    private void attach(DomainRecord r, DeviceTree.Device d) throws ToolstackException {
        devices.write(d);
        try {
            devices.awaitBackends(List.of(d), CreateOptions.LIBXL_INIT_TIMEOUT);
        } catch (ToolstackException e) {
            try {
                devices.remove(d.libxlPath(), true);
            } catch (ToolstackException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        events.emit(new ToolstackEvent.DeviceConnected(r.domid, d.kind(), d.devid()));
    }

    void detachDisk(DomainRecord r, String vdev) throws ToolstackException {
        int devid = Limits.vdev(vdev);
        detach(r, DeviceStatus.Kind.VBD, devid, vdev);
        r.config = Configs.withDisks(r.config, without(r.config.disks(), devid));
        r.saved = Configs.withDisks(r.saved, without(r.saved.disks(), devid));
    }

    /** {@code disks} but the one with device number {@code devid} ("51760", "xvdd" and "/dev/xvdd" name one disk). */
    private static List<DomainConfig.Disk> without(List<DomainConfig.Disk> disks, int devid) {
        return disks.stream().filter(d -> VirtualDisks.devid(d.vdev()).orElse(-1) != devid).toList();
    }

    /**
     * {@code xl network-detach}: {@code libxl_device_nic_remove} (LIBXL__FORCE_AUTO) forces the
     * removal when the guest has not let go within LIBXL_DESTROY_TIMEOUT, where {@code xl
     * block-detach} ({@code libxl_device_disk_safe_remove}) fails instead.
     */
    void detachNic(DomainRecord r, int devid) throws ToolstackException {
        detach(r, DeviceStatus.Kind.VIF, devid, Integer.toString(devid));
        r.config = Configs.withNics(r.config,
                r.config.nics().stream().filter(n -> n.devid() == null || n.devid() != devid).toList());
        r.saved = Configs.withNics(r.saved,
                r.saved.nics().stream().filter(n -> n.devid() == null || n.devid() != devid).toList());
    }

    private void detach(DomainRecord r, DeviceStatus.Kind kind, int devid, String name) throws ToolstackException {
        String libxl = DomainTree.libxl(r.domid) + "/device/" + kind.dir() + "/" + devid;
        if (!xs.exists(libxl)) {
            throw Limits.notConnected(name);
        }
        try {
            devices.remove(libxl, false);
        } catch (ToolstackException e) {
            if (kind != DeviceStatus.Kind.VIF || e.kind() != ToolstackException.Kind.TIMEOUT) {
                throw e;
            }
            devices.remove(libxl, true); // libxl: "Timeout reached, initiating forced remove"
        }
        events.emit(new ToolstackEvent.DeviceDisconnected(r.domid, kind, devid));
    }

    /** libxl__device_nextid: one past the highest devid in use, 0 for the first. */
    private int nextNicDevid(int domid) {
        String base = DomainTree.libxl(domid) + "/device/vif";
        int next = 0;
        if (xs.exists(base)) {
            for (String devid : xs.directory(base)) {
                next = Math.max(next, Integer.parseInt(devid) + 1);
            }
        }
        return next;
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> more = new ArrayList<>(list);
        more.add(item);
        return more;
    }

    private interface Defaulting<T> {
        T apply() throws LibxlDefaultsException;
    }

    /** A device with libxl's defaults, or libxl's refusal as an INVALID failure. */
    private static <T> T defaulted(Defaulting<T> d) throws ToolstackException {
        try {
            return d.apply();
        } catch (LibxlDefaultsException e) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, e.getMessage());
        }
    }
}
