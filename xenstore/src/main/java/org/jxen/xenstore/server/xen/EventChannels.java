package org.jxen.xenstore.server.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Event channels through libxenevtchn ({@code /dev/xen/evtchn}): bind to a domain's unbound port
 * or a virtual IRQ, notify, and block for the next pending port.
 */
public final class EventChannels implements AutoCloseable {
    private static final NativeLibrary LIB = NativeLibrary.load("libxenevtchn.so.1", "libxenevtchn1");
    private static final MethodHandle OPEN = LIB.function("xenevtchn_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = LIB.function("xenevtchn_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle NOTIFY = LIB.function("xenevtchn_notify", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND_INTERDOMAIN = LIB.function("xenevtchn_bind_interdomain",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND_VIRQ = LIB.function("xenevtchn_bind_virq", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UNBIND = LIB.function("xenevtchn_unbind", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle PENDING = LIB.function("xenevtchn_pending", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle UNMASK = LIB.function("xenevtchn_unmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** VIRQ_DOM_EXC: Xen's signal to dom0 that some domain changed state (shut down, crashed, died). */
    public static final int VIRQ_DOM_EXC = 3;

    private final MemorySegment handle;

    private EventChannels(MemorySegment handle) {
        this.handle = handle;
    }

    public static EventChannels open() {
        MemorySegment h = NativeLibrary.callPointer(OPEN, MemorySegment.NULL, 0);
        if (h.equals(MemorySegment.NULL)) {
            throw new XenUnavailableException("cannot open /dev/xen/evtchn: not running in a Xen domain with xen-evtchn loaded");
        }
        return new EventChannels(h);
    }

    /** Binds a local port to {@code remotePort}, an unbound port of {@code domid}; returns the local port. */
    public int bindInterdomain(int domid, int remotePort) {
        return checked(NativeLibrary.callInt(BIND_INTERDOMAIN, handle, domid, remotePort),
                "bind to port " + remotePort + " of domain " + domid);
    }

    public int bindVirq(int virq) {
        return checked(NativeLibrary.callInt(BIND_VIRQ, handle, virq), "bind VIRQ " + virq);
    }

    public void notify(int localPort) {
        checked(NativeLibrary.callInt(NOTIFY, handle, localPort), "notify port " + localPort);
    }

    public void unbind(int localPort) {
        checked(NativeLibrary.callInt(UNBIND, handle, localPort), "unbind port " + localPort);
    }

    /** Blocks until a port fires; returns it (masked until {@link #unmask}). */
    public int pending() {
        return checked(NativeLibrary.callInt(PENDING, handle), "wait for an event");
    }

    public void unmask(int localPort) {
        checked(NativeLibrary.callInt(UNMASK, handle, localPort), "unmask port " + localPort);
    }

    @Override
    public void close() {
        NativeLibrary.callInt(CLOSE, handle);
    }

    private static int checked(int rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException("event channel: cannot " + what);
        }
        return rc;
    }
}
