package org.jxen.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Event channels through libxenevtchn ({@code /dev/xen/evtchn}): bind to a domain's unbound port
 * or a virtual IRQ, notify, and block for the next pending port. A failed call throws
 * {@link XenCallException} with its errno.
 */
public final class EventChannels implements AutoCloseable {
    /** VIRQ_DOM_EXC: Xen's signal to dom0 that some domain changed state (shut down, crashed, died). */
    public static final int VIRQ_DOM_EXC = 3;

    private record Functions(MethodHandle open, MethodHandle close, MethodHandle notifyPort, MethodHandle bindInterdomain,
                             MethodHandle bindVirq, MethodHandle unbind, MethodHandle pending, MethodHandle unmask) {
        static Functions load() {
            NativeLibrary lib = NativeLibrary.load("libxenevtchn1", "libxenevtchn.so.1");
            FunctionDescriptor handleAndPort = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
            return new Functions(
                    lib.function("xenevtchn_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
                    lib.function("xenevtchn_close", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    lib.function("xenevtchn_notify", handleAndPort),
                    lib.function("xenevtchn_bind_interdomain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
                    lib.function("xenevtchn_bind_virq", handleAndPort),
                    lib.function("xenevtchn_unbind", handleAndPort),
                    lib.function("xenevtchn_pending", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    lib.function("xenevtchn_unmask", handleAndPort));
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

    private EventChannels(Functions fn, MemorySegment handle) {
        this.fn = fn;
        this.handle = handle;
    }

    public static EventChannels open() {
        Functions fn = FUNCTIONS.get();
        return new EventChannels(fn, NativeLibrary.openHandle(fn.open(),
                "cannot open /dev/xen/evtchn: not running in a Xen domain with xen-evtchn loaded"));
    }

    /** Binds a local port to {@code remotePort}, an unbound port of {@code domid}; returns the local port. */
    public int bindInterdomain(int domid, int remotePort) {
        MemorySegment state = NativeLibrary.callState();
        int rc;
        try {
            rc = (int) fn.bindInterdomain().invokeExact(state, handle, domid, remotePort);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        return checked(rc, state, "xenevtchn_bind_interdomain(domain " + domid + ", port " + remotePort + ")");
    }

    public int bindVirq(int virq) {
        return portCall(fn.bindVirq(), virq, "xenevtchn_bind_virq");
    }

    public void notify(int localPort) {
        portCall(fn.notifyPort(), localPort, "xenevtchn_notify");
    }

    public void unbind(int localPort) {
        portCall(fn.unbind(), localPort, "xenevtchn_unbind");
    }

    public void unmask(int localPort) {
        portCall(fn.unmask(), localPort, "xenevtchn_unmask");
    }

    /** Blocks until a port fires; returns it (masked until {@link #unmask}). */
    public int pending() {
        MemorySegment state = NativeLibrary.callState();
        int rc;
        try {
            rc = (int) fn.pending().invokeExact(state, handle);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        return checked(rc, state, "xenevtchn_pending");
    }

    @Override
    public void close() {
        NativeLibrary.closeHandle(fn.close(), handle);
    }

    /** The calls that take the handle and one port or VIRQ number. */
    private int portCall(MethodHandle call, int port, String name) {
        MemorySegment state = NativeLibrary.callState();
        int rc;
        try {
            rc = (int) call.invokeExact(state, handle, port);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        return checked(rc, state, name + "(" + port + ")");
    }

    private static int checked(int rc, MemorySegment state, String call) {
        if (rc < 0) {
            throw NativeLibrary.failure(call, state);
        }
        return rc;
    }
}
