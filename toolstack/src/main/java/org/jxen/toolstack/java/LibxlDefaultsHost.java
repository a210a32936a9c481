package org.jxen.toolstack.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * What libxl's setdefault functions ask of the host: the {@code libxl_physinfo} capability flags,
 * whether the qemu-xen binary is there, Xen's own grant-table limits (what the
 * {@code gnttab_max_frames}/{@code gnttab_max_maptrack_frames} boot options left in force), the
 * install's directories, and what a disk's path is ({@code stat} in
 * {@code libxl__device_disk_set_backend}).
 *
 * @param capHap             {@code physinfo.cap_hap}
 * @param capShadow          {@code physinfo.cap_shadow}
 * @param capHvmDirectio     {@code physinfo.cap_hvm_directio}: an IOMMU is on, passthrough possible
 * @param capIommuHapPtShare {@code physinfo.cap_iommu_hap_pt_share}
 * @param capVpmu            {@code physinfo.cap_vpmu}
 * @param capGnttabV1        {@code physinfo.cap_gnttab_v1}
 * @param capGnttabV2        {@code physinfo.cap_gnttab_v2}
 * @param qemuXenAvailable   {@code access(libxl__domain_device_model(), X_OK)} succeeds
 * @param xenMaxGrantFrames  the grant frames Xen gives a domain whose config leaves them to Xen
 * @param xenMaxMaptrackFrames the maptrack frames likewise
 * @param scriptDir          {@code libxl__xen_script_dir_path()}
 * @param firmwareDir        {@code libxl__xenfirmwaredir_path()}
 * @param paths              what {@code stat} says a disk's path is
 */
public record LibxlDefaultsHost(boolean capHap, boolean capShadow, boolean capHvmDirectio, boolean capIommuHapPtShare,
                                boolean capVpmu, boolean capGnttabV1, boolean capGnttabV2, boolean qemuXenAvailable,
                                int xenMaxGrantFrames, int xenMaxMaptrackFrames, String scriptDir, String firmwareDir,
                                Function<String, PathKind> paths) {
    /** What {@code stat(2)} says of a path. */
    public enum PathKind { BLOCK_DEVICE, REGULAR_FILE, OTHER, MISSING }

    /** {@code st_mode}'s file type bits, a block device's and a regular file's type. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;

    /** Xen 4.17's {@code opt_max_grant_frames} (grant_table.c) when no boot option changes it. */
    public static final int XEN_DEFAULT_MAX_GRANT_FRAMES = 64;
    /** Xen 4.17's {@code opt_max_maptrack_frames}. */
    public static final int XEN_DEFAULT_MAX_MAPTRACK_FRAMES = 1024;

    public LibxlDefaultsHost {
        Objects.requireNonNull(scriptDir, "scriptDir");
        Objects.requireNonNull(firmwareDir, "firmwareDir");
        Objects.requireNonNull(paths, "paths");
    }

    /** This host with {@code paths} saying what a disk's path is. */
    public LibxlDefaultsHost withPaths(Function<String, PathKind> paths) {
        return new LibxlDefaultsHost(capHap, capShadow, capHvmDirectio, capIommuHapPtShare, capVpmu, capGnttabV1,
                capGnttabV2, qemuXenAvailable, xenMaxGrantFrames, xenMaxMaptrackFrames, scriptDir, firmwareDir, paths);
    }

    /** What {@code stat(2)} says of {@code path} on this machine. */
    public static PathKind stat(String path) {
        if (path == null || path.isEmpty()) {
            return PathKind.MISSING;
        }
        try {
            int type = (Integer) Files.getAttribute(Path.of(path), "unix:mode") & S_IFMT;
            return type == S_IFBLK ? PathKind.BLOCK_DEVICE : type == S_IFREG ? PathKind.REGULAR_FILE : PathKind.OTHER;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Files.exists(Path.of(path)) ? PathKind.OTHER : PathKind.MISSING;
        }
    }

    /**
     * A Debian x86 host with Xen 4.17 as the xenlab boots it: HAP, shadow, an IOMMU sharing HAP's
     * tables, both grant-table versions, qemu-xen installed, Xen's default grant limits; paths under
     * {@code /dev/} are block devices, every other path a regular file.
     */
    public static LibxlDefaultsHost debianX86() {
        return new LibxlDefaultsHost(true, true, true, true, false, true, true, true,
                XEN_DEFAULT_MAX_GRANT_FRAMES, XEN_DEFAULT_MAX_MAPTRACK_FRAMES,
                "/etc/xen/scripts", "/usr/lib/xen-4.17/boot",
                p -> p != null && p.startsWith("/dev/") ? PathKind.BLOCK_DEVICE : PathKind.REGULAR_FILE);
    }
}
