package org.jxen.xenstore.server.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Maps other domains' granted pages through libxengnttab ({@code /dev/xen/gntdev}). */
public final class GrantTables implements AutoCloseable {
    private static final NativeLibrary LIB = NativeLibrary.load("libxengnttab.so.1", "libxengnttab1");
    private static final MethodHandle OPEN = LIB.function("xengnttab_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = LIB.function("xengnttab_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MAP = LIB.function("xengnttab_map_grant_ref",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle UNMAP = LIB.function("xengnttab_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    /** GNTTAB_RESERVED_XENSTORE: the grant reference every guest reserves for its XenStore ring. */
    public static final int XENSTORE_GRANT = 1;
    public static final int PAGE_SIZE = 4096;
    private static final int PROT_READ_WRITE = 3;
    private static final int DOMID_INVALID = 0x7ff4;

    private final MemorySegment handle;

    private GrantTables(MemorySegment handle) {
        this.handle = handle;
    }

    public static GrantTables open() {
        return new GrantTables(NativeLibrary.openHandle(OPEN,
                "cannot open /dev/xen/gntdev: not running in dom0 with xen-gntdev loaded"));
    }

    /** Maps page {@code ref} granted by {@code domid}, read-write; returns it as a 4096-byte segment. */
    public MemorySegment map(int domid, int ref) {
        MemorySegment p;
        try {
            p = (MemorySegment) MAP.invokeExact(handle, domid, ref, PROT_READ_WRITE);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (p.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("cannot map grant " + ref + " of domain " + domid);
        }
        return p.reinterpret(PAGE_SIZE);
    }

    /**
     * Calls map once in a way that fails without touching anything (a grant of DOMID_INVALID), so
     * that the JVM has linked the call before a guest needs it.
     */
    public void warmUp() {
        try {
            MemorySegment p = (MemorySegment) MAP.invokeExact(handle, DOMID_INVALID, XENSTORE_GRANT, PROT_READ_WRITE);
            if (!p.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("Xen mapped a grant of DOMID_INVALID");
            }
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    public void unmap(MemorySegment page) {
        try {
            int unused = (int) UNMAP.invokeExact(handle, page, 1);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    @Override
    public void close() {
        NativeLibrary.closeHandle(CLOSE, handle);
    }
}
