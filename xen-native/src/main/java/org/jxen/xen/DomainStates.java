package org.jxen.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Whether a domain still exists and in what state (what C xenstored asks when VIRQ_DOM_EXC
 * fires), through libxenctrl. Xen 4.18 removed {@code xc_domain_getinfo}: this asks
 * {@code xc_domain_getinfo_single} where the installed library has it (4.18 and later) and
 * {@code xc_domain_getinfolist} for one domain otherwise; both fill an {@code xc_domaininfo_t}.
 *
 * <p>Layout of {@code xc_domaininfo_t} ({@code struct xen_domctl_getdomaininfo}, x86-64) as read
 * here, checked against the installed header by {@code XenBindingsTest}: {@code domain} (16 bits)
 * at 0, {@code flags} at 4 ({@code XEN_DOMINF_dying} bit 0, {@code XEN_DOMINF_shutdown} bit 2);
 * 112 bytes in Xen 4.17, and {@link #INFO_BYTES} leaves room for later versions to grow it.
 */
public final class DomainStates implements AutoCloseable {
    static final int INFO_BYTES = 256;
    static final long DOMAIN = 0;
    static final long FLAGS = 4;
    static final int DYING = 1;
    static final int SHUTDOWN = 1 << 2;
    private static final int ESRCH = 3;

    /** What xenstored cares about. */
    public enum State { RUNNING, SHUT_DOWN, DYING, GONE }

    /** {@code getinfoSingle} is null where the library predates it. */
    private record Functions(MethodHandle open, MethodHandle close, MethodHandle getinfoSingle, MethodHandle getinfoList) {
        static Functions load() {
            NativeLibrary lib = NativeLibrary.load("libxenmisc4.17 (or the libxenctrl of the installed Xen)",
                    "libxenctrl.so", "libxenctrl.so.4.17", "libxenctrl.so.4.18", "libxenctrl.so.4.19", "libxenctrl.so.4.20");
            String single = "xc_domain_getinfo_single";
            return new Functions(
                    lib.function("xc_interface_open", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT)),
                    lib.function("xc_interface_close", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    lib.has(single) ? lib.function(single, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)) : null,
                    lib.function("xc_domain_getinfolist", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)));
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
    private final MemorySegment info = Arena.global().allocate(INFO_BYTES, 8);

    private DomainStates(Functions fn, MemorySegment handle) {
        this.fn = fn;
        this.handle = handle;
    }

    public static DomainStates open() {
        Functions fn = FUNCTIONS.get();
        MemorySegment state = NativeLibrary.callState();
        MemorySegment h;
        try {
            h = (MemorySegment) fn.open().invokeExact(state, MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (h.equals(MemorySegment.NULL)) {
            throw new XenUnavailableException("cannot open the hypervisor interface (/dev/xen/privcmd): not dom0 ("
                    + NativeLibrary.failure("xc_interface_open", state).errnoName() + ")");
        }
        return new DomainStates(fn, h);
    }

    /** Not thread-safe: one caller at a time (the core's loop). */
    public State state(int domid) {
        return fn.getinfoSingle() != null ? stateBySingle(domid) : stateByList(domid);
    }

    private State stateBySingle(int domid) {
        MemorySegment state = NativeLibrary.callState();
        int rc;
        try {
            rc = (int) fn.getinfoSingle().invokeExact(state, handle, domid, info);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (rc < 0) {
            XenCallException e = NativeLibrary.failure("xc_domain_getinfo_single(" + domid + ")", state);
            if (e.errno() == ESRCH) {
                return State.GONE;
            }
            throw e;
        }
        return decode(info.get(JAVA_INT, FLAGS));
    }

    private State stateByList(int domid) {
        MemorySegment state = NativeLibrary.callState();
        int n;
        try {
            n = (int) fn.getinfoList().invokeExact(state, handle, domid, 1, info);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (n < 0) {
            throw NativeLibrary.failure("xc_domain_getinfolist(" + domid + ")", state);
        }
        if (n == 0 || Short.toUnsignedInt(info.get(JAVA_SHORT, DOMAIN)) != domid) {
            return State.GONE; // the list starts at the first existing domain at or after domid
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
        NativeLibrary.closeHandle(fn.close(), handle);
    }
}
