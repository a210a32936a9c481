package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.DiskBackend;
import org.jxen.config.DomainConfig.DiskFormat;
import org.jxen.config.DomainConfig.DomainType;
import org.jxen.config.DomainConfig.Nic;
import org.jxen.config.DomainConfig.NicType;
import org.jxen.toolstack.java.LibxlDefaultsHost.PathKind;

/**
 * The device defaults {@code initiate_domain_create} (libxl_create.c) applies before the build:
 * {@code libxl__device_disk_setdefault} with {@code libxl__device_disk_set_backend} (libxl_disk.c,
 * libxl_device.c) for each disk, and {@code libxl__device_nic_set_devids}, which runs
 * {@code libxl__device_nic_setdefault} (libxl_nic.c) on each NIC as a cold-plug, not a hotplug.
 */
final class LibxlDefaultsDevices {
    /** {@code LIBXL_DEVICE_NIC_MTU_DEFAULT}. */
    static final int NIC_MTU = 1500;
    private static final String NO_MAC = "00:00:00:00:00:00";

    private LibxlDefaultsDevices() {
    }

    static DomainConfig apply(DomainConfig c, LibxlDefaultsHost host, RandomGenerator macs)
            throws LibxlDefaultsException {
        DomainType type = c.cInfo().type();
        List<Disk> disks = new ArrayList<>();
        for (Disk d : c.disks()) {
            disks.add(disk(d, type, host));
        }
        return RecordEdit.of(c).set("disks", disks).set("nics", nics(c.nics(), type, host, macs)).build();
    }

    static Disk disk(Disk d, DomainType type, LibxlDefaultsHost host) throws LibxlDefaultsException {
        RecordEdit<Disk> e = RecordEdit.of(d);
        boolean rw = d.readwrite() != null && d.readwrite() != 0;
        e.setDefault("discardEnable", rw);
        // colo_enable false and trusted true: not held by DomainConfig; colo_restore_enable false was set
        // on the caller's disks before the defaults (JavaToolstack.createFrom), as libxl_domain_create_new does.
        boolean cdrom = d.isCdrom() != null && d.isCdrom() != 0;
        DiskBackend backend = d.backend();
        if (cdrom && type == DomainType.HVM) {
            if (backend != null && backend != DiskBackend.QDISK) {
                throw LibxlDefaultsException.fail("Backend for CD devices on HVM guests must be Qdisk");
            }
            backend = DiskBackend.QDISK;
        }
        return e.set("backend", backend(d, backend, host)).build();
    }

    /**
     * {@code libxl__device_disk_set_backend}: the backend asked for if it suits, else the first of
     * phy, qdisk, tap, standalone that does. Phy needs a raw image that is a block device or a
     * regular file in dom0 ({@code libxl__try_phy_backend} on Linux: the block hotplug script puts a
     * file on a loop device), or a driver domain, or a hotplug script; tap is never available (no
     * blktap); standalone is for virtio disks only, which DomainConfig does not hold.
     */
    private static DiskBackend backend(Disk d, DiskBackend asked, LibxlDefaultsHost host) throws LibxlDefaultsException {
        boolean dom0 = d.backendDomname() == null || d.backendDomname().equals("Domain-0");
        boolean phyPath = false;
        if (d.format() == DiskFormat.EMPTY) {
            if (d.isCdrom() == null || d.isCdrom() == 0) {
                throw LibxlDefaultsException.inval("Disk vdev=" + d.vdev() + " is empty but not cdrom");
            }
            if (d.pdevPath() != null && !d.pdevPath().isEmpty()) {
                throw LibxlDefaultsException.inval("Disk vdev=" + d.vdev()
                        + " is empty but an image has been provided: " + d.pdevPath());
            }
        } else if ((asked == null || asked == DiskBackend.PHY || asked == DiskBackend.STANDALONE)
                && dom0 && d.script() == null) {
            PathKind kind = host.paths().apply(d.pdevPath());
            if (kind == PathKind.MISSING) {
                throw LibxlDefaultsException.inval("Disk vdev=" + d.vdev() + " failed to stat: " + d.pdevPath()
                        + ": No such file or directory");
            }
            phyPath = kind == PathKind.BLOCK_DEVICE || kind == PathKind.REGULAR_FILE;
        }
        if (asked != null) {
            if (suits(d, asked, dom0, phyPath)) {
                return asked;
            }
        } else {
            for (DiskBackend b : List.of(DiskBackend.PHY, DiskBackend.QDISK, DiskBackend.TAP, DiskBackend.STANDALONE)) {
                if (suits(d, b, dom0, phyPath)) {
                    return b;
                }
            }
        }
        throw LibxlDefaultsException.inval("no suitable backend for disk " + d.vdev());
    }

    /** {@code disk_try_backend} for a Xen (not virtio) disk without COLO. */
    private static boolean suits(Disk d, DiskBackend b, boolean dom0, boolean phyPath) {
        return switch (b) {
            case PHY -> d.format() == DiskFormat.RAW && (!dom0 || d.script() != null || phyPath);
            case TAP, STANDALONE -> false;
            case QDISK -> d.script() == null;
        };
    }

    /**
     * Every NIC's defaults, then devids for those without. libxl 4.17 keeps the highest devid in
     * a {@code size_t} that starts at -1, and compares the (int) devids with it unsigned, so the
     * first pass never raises it: NICs without a devid are numbered 0, 1, 2... whatever devids the
     * others have. Kept as libxl does it (xl numbers every NIC itself, so xl never meets it).
     */
    static List<Nic> nics(List<Nic> in, DomainType type, LibxlDefaultsHost host, RandomGenerator macs)
            throws LibxlDefaultsException {
        List<Nic> out = new ArrayList<>();
        for (Nic n : in) {
            out.add(nic(n, type, host, macs));
        }
        int next = 0;
        for (int i = 0; i < out.size(); i++) {
            Nic n = out.get(i);
            if (n.devid() == null || n.devid() < 0) {
                out.set(i, RecordEdit.of(n).set("devid", next++).build());
            }
        }
        return out;
    }

    static Nic nic(Nic n, DomainType type, LibxlDefaultsHost host, RandomGenerator macs) throws LibxlDefaultsException {
        RecordEdit<Nic> e = RecordEdit.of(n);
        if (n.mtu() == null || n.mtu() == 0) {
            e.set("mtu", NIC_MTU);
        }
        e.setDefault("model", "rtl8139");
        if (n.mac() == null || n.mac().equals(NO_MAC)) {
            e.set("mac", randomMac(macs));
        }
        e.setDefault("bridge", "xenbr0");
        e.setDefault("script", host.scriptDir() + "/vif-bridge");
        if (type == DomainType.HVM) {
            e.setDefault("nictype", NicType.VIF_IOEMU);
        } else {
            if (n.nictype() == NicType.VIF_IOEMU) {
                throw LibxlDefaultsException.inval("trying to create PV or PVH guest with an emulated interface");
            }
            e.set("nictype", NicType.VIF);
        }
        return e.setDefault("trusted", true).build();
    }

    /** Xen's OUI 00:16:3e, then three random bytes with the top bit of the first cleared. */
    static String randomMac(RandomGenerator macs) {
        byte[] r = new byte[3];
        macs.nextBytes(r);
        r[0] &= 0x7f;
        return "00:16:3e:" + HexFormat.ofDelimiter(":").formatHex(r);
    }
}
