package org.jxen.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Maps other domains' granted pages through libxengnttab ({@code /dev/xen/gntdev}). */
public final class GrantTables implements AutoCloseable {
    /** GNTTAB_RESERVED_XENSTORE: the grant reference every guest reserves for its XenStore ring. */
    public static final int XENSTORE_GRANT = 1;
    public static final int PAGE_SIZE = 4096;
    private static final int PROT_READ_WRITE = 3;
    private static final int DOMID_INVALID = 0x7ff4;

    private record Functions(MethodHandle open, MethodHandle close, MethodHandle map, MethodHandle unmap) {
        static Functions load() {
            NativeLibrary lib = NativeLibrary.load("libxengnttab1", "libxengnttab.so.1");
            return new Functions(
                    lib.function("xengnttab_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
                    lib.function("xengnttab_close", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    lib.function("xengnttab_map_grant_ref", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT)),
                    lib.function("xengnttab_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)));
        }
    }

    private static final NativeLibrary.OnFirstUse<Functions> FUNCTIONS = new NativeLibrary.OnFirstUse<>() {
        @Override
        protected Functions make() {
            return Functions.load();
        }
    };

    private final Functions fn;
    private final MemorySegment handle;

    private GrantTables(Functions fn, MemorySegment handle) {
        this.fn = fn;
        this.handle = handle;
    }

    public static GrantTables open() {
        Functions fn = FUNCTIONS.get();
        return new GrantTables(fn, NativeLibrary.openHandle(fn.open(),
                "cannot open /dev/xen/gntdev: not running in dom0 with xen-gntdev loaded"));
    }

    /**
     * Maps page {@code ref} granted by {@code domid}, read-write.
     *
     * @throws XenCallException with the errno of the failed map
     */
    public MappedPage map(int domid, int ref) {
        MemorySegment state = NativeLibrary.callState();
        MemorySegment p;
        try {
            p = (MemorySegment) fn.map().invokeExact(state, handle, domid, ref, PROT_READ_WRITE);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (p.equals(MemorySegment.NULL)) {
            throw NativeLibrary.failure("xengnttab_map_grant_ref(domain " + domid + ", grant " + ref + ")", state);
        }
        return new MappedPage(p);
    }

    /**
     * Calls map once in a way that fails without touching anything (a grant of DOMID_INVALID), so
     * that the JVM has linked the call before a guest needs it.
     */
    public void warmUp() {
        try {
            MemorySegment p = (MemorySegment) fn.map().invokeExact(NativeLibrary.callState(), handle, DOMID_INVALID,
                    XENSTORE_GRANT, PROT_READ_WRITE);
            if (!p.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("Xen mapped a grant of DOMID_INVALID");
            }
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    @Override
    public void close() {
        NativeLibrary.closeHandle(fn.close(), handle);
    }

    /**
     * A granted page mapped into this process, with a lifetime of its own: {@link #close()} first
     * ends every Java access to it (a stale access then throws {@link IllegalStateException}, where
     * touching an unmapped page would crash the daemon), then unmaps it.
     */
    public final class MappedPage implements AutoCloseable {
        private final MemorySegment address;
        private final Arena lifetime = Arena.ofShared();
        private final MemorySegment segment;

        private MappedPage(MemorySegment address) {
            this.address = address;
            this.segment = address.reinterpret(PAGE_SIZE, lifetime, null);
        }

        /** The page; valid until {@link #close()}. */
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public void close() {
            if (!lifetime.scope().isAlive()) {
                return;
            }
            lifetime.close();
            MemorySegment state = NativeLibrary.callState();
            int rc;
            try {
                rc = (int) fn.unmap().invokeExact(state, handle, address, 1);
            } catch (Throwable t) {
                throw NativeLibrary.failed(t);
            }
            if (rc < 0) {
                throw NativeLibrary.failure("xengnttab_unmap", state);
            }
        }
    }
}
