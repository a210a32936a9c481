package org.jxen.xenstore.server.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Whether a domain still exists and in what state, through libxenctrl's {@code xc_domain_getinfo}
 * (what C xenstored asks when VIRQ_DOM_EXC fires).
 *
 * <p>Layout of {@code xc_dominfo_t} (Xen 4.17, x86-64) as read here, checked against the header by
 * {@code XenctrlLayoutTest}: {@code domid} at 0; the flag bit-fields at 8 ({@code dying} bit 0,
 * {@code crashed} bit 1, {@code shutdown} bit 2); {@code shutdown_reason} at 12; 112 bytes in all.
 */
public final class DomainStates implements AutoCloseable {
    private static final NativeLibrary LIB = NativeLibrary.load("libxenctrl.so.4.17", "libxenmisc4.17");
    private static final MethodHandle OPEN = LIB.function("xc_interface_open", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = LIB.function("xc_interface_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GETINFO = LIB.function("xc_domain_getinfo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    static final int INFO_BYTES = 112;
    static final long DOMID = 0;
    static final long FLAGS = 8;
    static final int DYING = 1;
    static final int SHUTDOWN = 1 << 2;

    /** What xenstored cares about. */
    public enum State { RUNNING, SHUT_DOWN, DYING, GONE }

    private final MemorySegment handle;
    private final MemorySegment info = Arena.global().allocate(INFO_BYTES * 2L, 8);

    private DomainStates(MemorySegment handle) {
        this.handle = handle;
    }

    public static DomainStates open() {
        MemorySegment h;
        try {
            h = (MemorySegment) OPEN.invokeExact(MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (h.equals(MemorySegment.NULL)) {
            throw new XenUnavailableException("cannot open the hypervisor interface (/dev/xen/privcmd): not dom0");
        }
        return new DomainStates(h);
    }

    public State state(int domid) {
        int n;
        try {
            n = (int) GETINFO.invokeExact(handle, domid, 1, info);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (n != 1 || info.get(JAVA_INT, DOMID) != domid) {
            return State.GONE; // getinfo returns the next existing domain at or after domid
        }
        return decode(info.get(JAVA_INT, FLAGS));
    }

    static State decode(int flags) {
        if ((flags & DYING) != 0) {
            return State.DYING;
        }
        return (flags & SHUTDOWN) != 0 ? State.SHUT_DOWN : State.RUNNING;
    }

    @Override
    public void close() {
        NativeLibrary.closeHandle(CLOSE, handle);
    }
}
