package org.jxen.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The few libc calls libxl's callers need besides libxl: file descriptors for save and restore
 * streams and the console's pty (libxl and xenconsoled speak in descriptors, which Java's files
 * do not expose), a terminal put in raw mode, and freeing what libxl allocated.
 */
final class Libc {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_NOCTTY = 0400;
    static final int O_CLOEXEC = 02000000;
    private static final int SEEK_SET = 0;
    private static final int TCSANOW = 0;
    /** glibc's struct termios is 60 bytes on x86-64; room to spare. */
    private static final int TERMIOS_BYTES = 128;

    private static final NativeLibrary LIBC = NativeLibrary.libc();
    private static final MethodHandle OPEN = LIBC.function("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            "open", Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = LIBC.function("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = LIBC.function("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = LIBC.function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle LSEEK = LIBC.function("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PIPE = LIBC.function("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FDOPEN = LIBC.function("fdopen", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle FREE = LIBC.function("free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle TCGETATTR = LIBC.function("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR = LIBC.function("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = LIBC.function("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));

    private Libc() {
    }

    static int open(Path path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = NativeLibrary.callState();
            int fd = (int) OPEN.invokeExact(state, a.allocateFrom(path.toString()), flags | O_CLOEXEC, mode);
            if (fd < 0) {
                throw NativeLibrary.failure("open " + path, state);
            }
            return fd;
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** Reads into {@code buffer}; 0 at the end, -1 on an error (its errno in {@link NativeLibrary#callState()}). */
    static long read(int fd, MemorySegment buffer) {
        try {
            return (long) READ.invokeExact(NativeLibrary.callState(), fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** Writes all of {@code bytes}. */
    static void writeFully(int fd, byte[] bytes, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                MemorySegment state = NativeLibrary.callState();
                long n = (long) WRITE.invokeExact(state, fd, buf.asSlice(done), bytes.length - done);
                if (n < 0) {
                    throw NativeLibrary.failure("write to " + what, state);
                }
                done += n;
            }
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** Writes what one call takes of {@code bytes} (a terminal may take fewer); -1 on an error. */
    static long write(int fd, byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            return (long) WRITE.invokeExact(NativeLibrary.callState(), fd, buf, (long) bytes.length);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    static void close(int fd) {
        try {
            int unused = (int) CLOSE.invokeExact(NativeLibrary.callState(), fd);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    static void seek(int fd, long offset, String what) {
        try {
            MemorySegment state = NativeLibrary.callState();
            if ((long) LSEEK.invokeExact(state, fd, offset, SEEK_SET) != offset) {
                throw NativeLibrary.failure("seek in " + what, state);
            }
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** A pipe: the read end first. */
    static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            MemorySegment state = NativeLibrary.callState();
            if ((int) PIPE.invokeExact(state, fds, O_CLOEXEC) != 0) {
                throw NativeLibrary.failure("pipe", state);
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** A stdio {@code FILE *} writing to {@code fd}, which it then owns. */
    static MemorySegment fdopenForWriting(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = NativeLibrary.callState();
            MemorySegment file = (MemorySegment) FDOPEN.invokeExact(state, fd, a.allocateFrom("w"));
            if (file.equals(MemorySegment.NULL)) {
                throw NativeLibrary.failure("fdopen", state);
            }
            return file;
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    static void free(MemorySegment p) {
        try {
            FREE.invokeExact(NativeLibrary.callState(), p);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** A NUL-terminated string libxl allocated, read and freed; null for NULL. */
    static String takeString(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            return p.reinterpret(Long.MAX_VALUE).getString(0);
        } finally {
            free(p);
        }
    }

    /** Puts the terminal on {@code fd} in raw mode, as {@code xl console} does: no echo, no line editing. */
    static void makeRaw(int fd, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment termios = a.allocate(TERMIOS_BYTES);
            MemorySegment state = NativeLibrary.callState();
            if ((int) TCGETATTR.invokeExact(state, fd, termios) != 0) {
                throw NativeLibrary.failure("tcgetattr " + what, state);
            }
            CFMAKERAW.invokeExact(state, termios);
            if ((int) TCSETATTR.invokeExact(state, fd, TCSANOW, termios) != 0) {
                throw NativeLibrary.failure("tcsetattr " + what, state);
            }
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }
}
