package org.jxen.hv.sim.disk;

import java.util.Locale;

/**
 * The image formats a Xen disk backend opens, named as QEMU's qdisk reads them from the front of
 * its {@code params} ({@code FORMAT:PATH}, written by libxl's
 * {@code libxl__device_disk_string_of_format}). The simulated host's own copy: the config
 * module's {@code DiskFormat} is the toolstack's, and the host does not depend on it.
 */
public enum DiskFormat {
    /** libxl writes "aio" for raw; QEMU maps it to its raw driver and takes "raw" too. */
    RAW("aio"),
    QCOW("qcow"),
    QCOW2("qcow2"),
    /** QEMU's "vpc" driver; libxl writes "vhd", which QEMU maps to it. */
    VHD("vhd"),
    QED("qed");

    private final String qdiskName;

    DiskFormat(String qdiskName) {
        this.qdiskName = qdiskName;
    }

    /** What libxl writes before the colon of a qdisk's {@code params}. */
    public String qdiskName() {
        return qdiskName;
    }

    /** The format a qdisk's {@code params} names, as QEMU's xen_disk maps it; null for one it has no driver for. */
    public static DiskFormat ofQdisk(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "aio", "raw" -> RAW;
            case "qcow" -> QCOW;
            case "qcow2" -> QCOW2;
            case "vhd", "vpc" -> VHD;
            case "qed" -> QED;
            default -> null;
        };
    }
}
