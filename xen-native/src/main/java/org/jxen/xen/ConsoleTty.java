package org.jxen.xen;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * A guest's console as xenconsoled offers it: the pty it names in {@code console/tty}, opened in
 * raw mode as {@code xl console} opens it. What the guest prints is read from it; what is written
 * to it the guest reads. One reader at a time (a pty does not copy its output to several).
 */
public final class ConsoleTty implements AutoCloseable {
    private static final int EIO = 5;
    private static final int EINTR = 4;

    private final Path path;
    private final int fd;
    private final MemorySegment buffer = Arena.ofAuto().allocate(4096);
    private volatile boolean open = true;

    private ConsoleTty(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    public static ConsoleTty open(Path pty) {
        int fd = Libc.open(pty, Libc.O_RDWR | Libc.O_NOCTTY, 0);
        try {
            Libc.makeRaw(fd, pty.toString());
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return new ConsoleTty(pty, fd);
    }

    /** Blocks until the guest prints; an empty array when the console is gone (its domain destroyed). */
    public byte[] read() {
        while (open) {
            long n = Libc.read(fd, buffer);
            if (n > 0) {
                return buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            }
            int errno = n == 0 ? EIO : NativeLibrary.failure("read", NativeLibrary.callState()).errno();
            if (errno != EINTR) {
                break;
            }
        }
        return new byte[0];
    }

    /** Types {@code bytes} to the guest; returns how many the pty took. */
    public int write(byte[] bytes) {
        long n = Libc.write(fd, bytes);
        if (n < 0) {
            throw NativeLibrary.failure("write to " + path, NativeLibrary.callState());
        }
        return (int) n;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            Libc.close(fd);
        }
    }
}
