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
        return new EventChannels(NativeLibrary.openHandle(OPEN,
                "cannot open /dev/xen/evtchn: not running in a Xen domain with xen-evtchn loaded"));
    }

    /** Binds a local port to {@code remotePort}, an unbound port of {@code domid}; returns the local port. */
    public int bindInterdomain(int domid, int remotePort) {
        try {
            return checked((int) BIND_INTERDOMAIN.invokeExact(handle, domid, remotePort),
                    "bind to port " + remotePort + " of domain " + domid);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    public int bindVirq(int virq) {
        try {
            return checked((int) BIND_VIRQ.invokeExact(handle, virq), "bind VIRQ " + virq);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    public void notify(int localPort) {
        try {
            checked((int) NOTIFY.invokeExact(handle, localPort), "notify port " + localPort);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    public void unbind(int localPort) {
        try {
            checked((int) UNBIND.invokeExact(handle, localPort), "unbind port " + localPort);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** Blocks until a port fires; returns it (masked until {@link #unmask}). */
    public int pending() {
        try {
            return checked((int) PENDING.invokeExact(handle), "wait for an event");
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    public void unmask(int localPort) {
        try {
            checked((int) UNMASK.invokeExact(handle, localPort), "unmask port " + localPort);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    @Override
    public void close() {
        NativeLibrary.closeHandle(CLOSE, handle);
    }

    private static int checked(int rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException("event channel: cannot " + what);
        }
        return rc;
    }
}
