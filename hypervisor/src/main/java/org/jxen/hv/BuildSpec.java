package org.jxen.hv;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Hypervisor#build} loads and sets up, as libxenguest's {@code xc_dom_*} calls take it:
 * the kernel, the ramdisk (null: none), the command line, the memory to populate, and the domains
 * that serve its XenStore and console rings (each is granted its ring page and offered a port).
 */
public record BuildSpec(Image kernel, Image ramdisk, String cmdline, long memKb, int storeDomid, int consoleDomid) {
    public BuildSpec {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(cmdline, "cmdline");
        if (memKb <= 0 || memKb % 4 != 0) {
            throw new IllegalArgumentException("memory must be a positive number of 4 KiB pages, not " + memKb + " KiB");
        }
    }

    /** A kernel or ramdisk: a file ({@code xc_dom_kernel_file}) or bytes in memory ({@code xc_dom_kernel_mem}). */
    public sealed interface Image {
        record File(Path path) implements Image {
            public File {
                Objects.requireNonNull(path, "path");
            }
        }

        record Memory(byte[] bytes) implements Image {
            public Memory {
                bytes = bytes.clone();
            }
        }
    }
}
