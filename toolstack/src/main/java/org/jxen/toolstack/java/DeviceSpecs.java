package org.jxen.toolstack.java;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.jxen.config.DomainConfig;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.VirtualDisks;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.ToolstackException;

/**
 * What libxl writes for each kind of device, from its configuration with defaults filled in:
 * disks ({@code device_disk_add}), network interfaces ({@code libxl__device_add_async} with
 * {@code libxl__set_xenstore_nic}) and the primary console ({@code libxl__device_console_add}).
 */
final class DeviceSpecs {
    /** libxl's XEN_SCRIPT_DIR, where hotplug scripts named without a path are. */
    static final String SCRIPT_DIR = "/etc/xen/scripts";
    /** XenbusStateInitialising, the state both ends start in. */
    static final String INITIALISING = "1";
    /** The protocol a 64-bit x86 PV guest speaks ({@code xc_domain_get_native_protocol}). */
    static final String NATIVE_PROTOCOL = "x86_64-abi";
    private static final int CONSOLE_LIMIT = 1048576;

    private DeviceSpecs() {
    }

    /**
     * Refuses a config with devices this toolstack has no backend for: it serves disks, network
     * interfaces and the console. libxl hands the others to QEMU (vfb, vkb, p9, channel, vdispl,
     * vsnd, pvcalls, USB), to a vTPM domain or to the IOMMU, none of which the simulated host has;
     * dropping them quietly would give a domain other than the one asked for. The message names
     * each kind by its xl.cfg key.
     */
    static void requireServed(DomainConfig c) throws ToolstackException {
        Map<String, List<?>> unserved = new LinkedHashMap<>();
        unserved.put("pci", c.pcidevs());
        unserved.put("dtdev", c.dtdevs());
        unserved.put("vfb", c.vfbs());
        if (c.vkbs().size() > c.vfbs().size()) { // xl gives each vfb a vkb: a vfb alone is named alone
            unserved.put("vkb", c.vkbs());
        }
        unserved.put("vtpm", c.vtpms());
        unserved.put("p9", c.p9s());
        unserved.put("pvcalls", c.pvcallsifs());
        unserved.put("vdispl", c.vdispls());
        unserved.put("vsnd", c.vsnds());
        unserved.put("channel", c.channels());
        unserved.put("usbctrl", c.usbctrls());
        unserved.put("usbdev", c.usbdevs());
        List<String> asked = unserved.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .toList();
        if (!asked.isEmpty()) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEVICES, "this host has no backend for "
                    + String.join(", ", asked) + " devices (it serves disk, vif and the console; libxl would hand "
                    + "these to QEMU, a vTPM domain or the IOMMU): remove " + String.join("=, ", asked)
                    + "= from the config, or run it on a Xen host", null);
        }
        for (DomainConfig.Disk d : c.disks()) {
            if (d.specification() == DomainConfig.DiskSpecification.VIRTIO) {
                throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEVICES, "disk " + d.vdev()
                        + " is a virtio disk (specification=virtio), which this host has no backend for: remove"
                        + " specification=virtio, or run the domain on a Xen host with a virtio disk backend", null);
            }
            if (Boolean.TRUE.equals(d.coloEnable())) {
                throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEVICES, "disk " + d.vdev()
                        + " asks for COLO replication (`colo' in its specification), which this host does not do:"
                        + " remove it, or run the domain on a Xen host set up for COLO", null);
            }
        }
    }

    /** A vbd (or qdisk) served by {@code backendDomid}. */
    static DeviceTree.Device disk(int domid, int backendDomid, DomainConfig.DomainType type, DomainConfig.Disk disk)
            throws ToolstackException {
        OptionalInt devid = VirtualDisks.devid(disk.vdev());
        if (devid.isEmpty()) {
            throw new ToolstackException(ToolstackException.Kind.INVALID,
                    "Invalid or unsupported virtual disk identifier " + disk.vdev());
        }
        DomainConfig.DiskBackend backend = disk.backend() == null ? DomainConfig.DiskBackend.PHY : disk.backend();
        Map<String, String> back = DomainTree.entries();
        switch (backend) {
            case PHY -> {
                back.put("params", disk.pdevPath());
                back.put("script", scriptPath(disk.script() == null ? "block" : disk.script()));
            }
            case QDISK -> back.put("params", formatWord(disk.format()) + ":" + (disk.pdevPath() == null ? "" : disk.pdevPath()));
            default -> throw new ToolstackException(ToolstackException.Kind.INVALID,
                    "disk " + disk.vdev() + ": backend " + backend.name().toLowerCase(Locale.ROOT)
                            + " is not supported (blktap is not supported; use phy or qdisk)");
        }
        boolean cdrom = Integer.valueOf(1).equals(disk.isCdrom());
        back.putAll(DomainTree.entries("frontend-id", Integer.toString(domid), "online", "1",
                "removable", Integer.valueOf(1).equals(disk.removable()) ? "1" : "0", "bootable", "1",
                "state", INITIALISING, "dev", disk.vdev(), "type", backend == DomainConfig.DiskBackend.QDISK ? "qdisk" : "phy",
                "mode", writable(disk) ? "w" : "r", "device-type", cdrom ? "cdrom" : "disk"));
        if (disk.directIoSafe()) {
            back.put("direct-io-safe", "1");
        }
        back.put("discard-enable", Boolean.FALSE.equals(disk.discardEnable()) ? "0" : "1");
        back.put("specification", "xen");
        Map<String, String> front = DomainTree.entries("backend-id", Integer.toString(backendDomid), "state", INITIALISING,
                "virtual-device", Integer.toString(devid.getAsInt()), "device-type", cdrom ? "cdrom" : "disk",
                "trusted", "1");
        if (type == DomainConfig.DomainType.PV) {
            front.put("protocol", NATIVE_PROTOCOL);
        }
        return new DeviceTree.Device(DeviceStatus.Kind.VBD, backend == DomainConfig.DiskBackend.QDISK ? "qdisk" : "vbd",
                domid, devid.getAsInt(), backendDomid, back, front, Map.of());
    }

    /** A vif served by {@code backendDomid}; {@code nic} has its devid, MAC, bridge, script and MTU filled in. */
    static DeviceTree.Device nic(int domid, int backendDomid, DomainConfig.Nic nic) {
        String devid = Integer.toString(nic.devid());
        Map<String, String> back = DomainTree.entries("frontend-id", Integer.toString(domid), "online", "1",
                "state", INITIALISING, "script", scriptPath(nic.script()));
        if (nic.ifname() != null) {
            back.put("vifname", nic.ifname());
        }
        nic.colo().forEach((field, value) -> back.put(field.xlKey(), value)); // as libxl_nic.c writes them (not captured)
        back.put("mac", nic.mac());
        if (nic.ip() != null) {
            back.put("ip", nic.ip());
        }
        if (nic.gatewaydev() != null) {
            back.put("gatewaydev", nic.gatewaydev());
        }
        if (nic.rateIntervalUsecs() != null && nic.rateIntervalUsecs() > 0) {
            long bytes = nic.rateBytesPerInterval() == null ? 0 : nic.rateBytesPerInterval(); // below a byte: 0, as libxl
            back.put("rate", bytes + "," + nic.rateIntervalUsecs());
        }
        if (nic.mtu() != LibxlDefaultsDevices.NIC_MTU) { // libxl tells the backend only an MTU of its own (measured)
            back.put("mtu", Integer.toString(nic.mtu()));
        }
        back.putAll(DomainTree.entries("bridge", nic.bridge(), "handle", devid,
                "type", nic.nictype() == DomainConfig.NicType.VIF_IOEMU ? "vif_ioemu" : "vif", "hotplug-status", ""));
        Map<String, String> front = DomainTree.entries("backend-id", Integer.toString(backendDomid), "state",
                INITIALISING, "handle", devid,
                "mac", nic.mac(), "trusted", Boolean.FALSE.equals(nic.trusted()) ? "0" : "1");
        return new DeviceTree.Device(DeviceStatus.Kind.VIF, "vif", domid, nic.devid(), backendDomid, back, front,
                DomainTree.entries("mtu", Integer.toString(nic.mtu())));
    }

    /** Console 0, served by xenconsoled: its ring and port as the build set them up. */
    static DeviceTree.Device primaryConsole(int domid, int port, long ringRef) {
        Map<String, String> back = DomainTree.entries("frontend-id", Integer.toString(domid), "online", "1",
                "state", INITIALISING, "protocol", "vt100");
        Map<String, String> readOnly = DomainTree.entries("limit", Integer.toString(CONSOLE_LIMIT), "type", "xenconsoled",
                "output", "pty", "tty", "", "port", Integer.toString(port), "ring-ref", Long.toString(ringRef));
        return new DeviceTree.Device(DeviceStatus.Kind.CONSOLE, "console", domid, 0, 0, back,
                DomainTree.entries("backend-id", "0"), readOnly);
    }

    private static String scriptPath(String script) {
        return script.startsWith("/") ? script : SCRIPT_DIR + "/" + script;
    }

    private static String formatWord(DomainConfig.DiskFormat format) {
        return switch (format == null ? DomainConfig.DiskFormat.RAW : format) {
            case QCOW -> "qcow";
            case QCOW2 -> "qcow2";
            case VHD -> "vhd";
            case QED -> "qed";
            case RAW, EMPTY -> "aio";
        };
    }

    /** libxl's {@code readwrite}: an integer, 0 unless set (xl sets it for a disk without {@code access=ro}, never for a CD-ROM). */
    private static boolean writable(DomainConfig.Disk disk) {
        return disk.readwrite() != null && disk.readwrite() != 0;
    }
}
