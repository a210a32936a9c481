package org.jxen.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dom0's own XenStore ring: the page the kernel exposes as {@code /proc/xen/xsd_kva} and the event
 * channel port in {@code /proc/xen/xsd_port}, as a xenstored in dom0 finds them.
 */
public record Dom0Ring(MemorySegment page, int port) {
    public static final Path KVA = Path.of("/proc/xen/xsd_kva");
    public static final Path PORT = Path.of("/proc/xen/xsd_port");

    /** Made when the ring is mapped: asking whether there is one must not cost the JVM's linking of native calls. */
    private record Libc(MethodHandle open, MethodHandle mmap) {
        static Libc load() {
            NativeLibrary libc = NativeLibrary.libc();
            return new Libc(libc.function("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
                    libc.function("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG)));
        }
    }

    private static final NativeLibrary.OnFirstUse<Libc> LIBC = new NativeLibrary.OnFirstUse<>() {
        @Override
        protected Libc make() {
            return Libc.load();
        }
    };
    private static final int O_RDWR = 2;
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_SHARED = 1;

    public static boolean available() {
        return Files.exists(KVA) && Files.exists(PORT);
    }

    public static Dom0Ring map() throws IOException {
        int port = Integer.parseInt(Files.readString(PORT).strip());
        Libc libc = LIBC.get();
        MemorySegment state = NativeLibrary.callState();
        int fd;
        MemorySegment page;
        try {
            fd = (int) libc.open().invokeExact(state, Arena.global().allocateFrom(KVA.toString()), O_RDWR);
            if (fd < 0) {
                throw new IOException("cannot open " + KVA + ": " + NativeLibrary.failure("open", state).errnoName()
                        + " (is xenfs mounted on /proc/xen?)");
            }
            page = (MemorySegment) libc.mmap().invokeExact(state, MemorySegment.NULL, (long) GrantTables.PAGE_SIZE,
                    PROT_READ_WRITE, MAP_SHARED, fd, 0L);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (page.address() == -1L || page.equals(MemorySegment.NULL)) {
            throw new IOException("cannot map " + KVA + ": " + NativeLibrary.failure("mmap", state).errnoName());
        }
        return new Dom0Ring(page.reinterpret(GrantTables.PAGE_SIZE), port);
    }
}
