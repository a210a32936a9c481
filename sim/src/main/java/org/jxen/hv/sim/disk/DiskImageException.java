package org.jxen.hv.sim.disk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A disk image the toolstack cannot size: its message names the file, what is wrong with it and
 * what to change.
 */
public final class DiskImageException extends IOException {
    private final transient Path file;

    DiskImageException(Path file, String problem) {
        super("disk " + file + ": " + problem);
        this.file = file;
    }

    DiskImageException(Path file, String problem, Throwable cause) {
        super("disk " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
