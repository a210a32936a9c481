package org.jxen.toolstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the coredump-* actions put a domain's core: {@code DIR/NAME}, as xl names it. */
public final class CoreFiles {
    /** Xen's XEN_DUMP_DIR as Debian builds it, where xl's coredump-* actions write. */
    public static final Path XEN_DUMP_DIR = Path.of("/var/lib/xen/dump");

    private CoreFiles() {
    }

    /**
     * The core file of domain {@code name} in {@code dir}, the directory made if the host has none
     * (unlike xl, which then fails), root's only: a core holds the guest's memory.
     */
    public static Path in(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return dir.resolve(name);
    }
}
