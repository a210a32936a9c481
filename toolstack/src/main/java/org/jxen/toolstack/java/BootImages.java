package org.jxen.toolstack.java;

import java.nio.file.Path;
import org.jxen.hv.BuildSpec;

/**
 * Where the domain builder gets a kernel, ramdisk or firmware the config names by path: the file
 * itself on a real host; on a simulated host planning another machine (jxsim), the paths name that
 * machine's files, so a simulated image stands in for them.
 */
@FunctionalInterface
public interface BootImages {
    /** Each path is the file at that path. */
    BootImages FILES = path -> new BuildSpec.Image.File(Path.of(path));

    /**
     * Files, but Xen's firmware (hvmloader and the rest of {@code /usr/lib/xen-4.17/boot}) built
     * in: a simulated host boots HVM guests on a machine without Xen installed.
     */
    BootImages SIMULATED_FIRMWARE = path -> path.startsWith("/usr/lib/xen-4.17/boot/")
            ? new BuildSpec.Image.Memory(new byte[] {0x7f, 'E', 'L', 'F'}) : FILES.image(path);

    BuildSpec.Image image(String path);
}
