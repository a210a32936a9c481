package org.jxen.xen;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * One of Xen's C libraries (or libc), loaded through the FFM API when first used, with errors that
 * say what to install. Every function handle keeps the errno its call left: a handle's first
 * parameter is the calling thread's {@link #callState()}, read back by {@link #failure}.
 */
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** Calls come from the core's loop and the event pump: each thread has its own errno slot. */
    private static final ThreadLocal<MemorySegment> CALL_STATES =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private final String soname;
    private final SymbolLookup symbols;

    private NativeLibrary(String soname, SymbolLookup symbols) {
        this.soname = soname;
        this.symbols = symbols;
    }

    /**
     * Loads the first of {@code sonames} this machine has.
     *
     * @param debianPackage named in the error when none is installed
     */
    static NativeLibrary load(String debianPackage, String... sonames) {
        for (String soname : sonames) {
            try {
                return new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
            } catch (IllegalArgumentException notHere) {
                // try the next name
            }
        }
        throw new XenUnavailableException(String.join(" or ", List.of(sonames)) + " not found: install Debian package "
                + debianPackage);
    }

    static NativeLibrary libc() {
        return new NativeLibrary("libc", LINKER.defaultLookup());
    }

    /**
     * A value made on first use, so that a class naming a missing library still loads and the
     * caller gets {@link XenUnavailableException} (not an {@code ExceptionInInitializerError})
     * each time it asks; a failed {@link #make()} is tried again on the next call. Subclassed, not
     * given a lambda: each lambda's first use costs a tenth of a second of linking in an emulated
     * dom0, and these are on the way to serving dom0's ring.
     */
    abstract static class OnFirstUse<T> {
        private T value;

        protected abstract T make();

        final synchronized T get() {
            if (value == null) {
                value = make();
            }
            return value;
        }
    }

    boolean has(String name) {
        return symbols.find(name).isPresent();
    }

    /** A handle for {@code name} whose first parameter is a {@link #callState()} that receives errno. */
    MethodHandle function(String name, FunctionDescriptor descriptor) {
        return function(name, descriptor, "this Xen version is not supported");
    }

    /**
     * As {@link #function(String, FunctionDescriptor)}, with {@code whatIsLost} saying in the error
     * what cannot be done without it; {@code options} as {@link Linker#downcallHandle} takes them
     * (a variadic call's first variadic argument).
     */
    MethodHandle function(String name, FunctionDescriptor descriptor, String whatIsLost, Linker.Option... options) {
        MemorySegment address = symbols.find(name)
                .orElseThrow(() -> new XenUnavailableException(soname + " has no function " + name + ": " + whatIsLost));
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(address, descriptor, all);
    }

    /** Where the calling thread's next native call leaves errno. */
    static MemorySegment callState() {
        return CALL_STATES.get();
    }

    /** The error for a call that failed, with the errno it left in {@code state}. */
    static XenCallException failure(String call, MemorySegment state) {
        return new XenCallException(call, (int) ERRNO.get(state, 0L));
    }

    /**
     * What a failed {@code invokeExact} on one of these handles becomes: unchecked exceptions and
     * errors as they are, anything else (the handles declare Throwable) wrapped.
     */
    static RuntimeException failed(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException("native call failed: " + t, t);
    }

    /** Opens a handle of libxenevtchn or libxengnttab ({@code xxx_open(logger, flags)}); NULL means not available. */
    static MemorySegment openHandle(MethodHandle open, String unavailable) {
        MemorySegment state = callState();
        MemorySegment h;
        try {
            h = (MemorySegment) open.invokeExact(state, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw failed(t);
        }
        if (h.equals(MemorySegment.NULL)) {
            throw new XenUnavailableException(unavailable + " (" + failure("open", state).errnoName() + ")");
        }
        return h;
    }

    /** Calls a library's {@code xxx_close(handle)}; there is nothing to do about a failed close. */
    static void closeHandle(MethodHandle close, MemorySegment handle) {
        try {
            int unused = (int) close.invokeExact(callState(), handle);
        } catch (Throwable t) {
            throw failed(t);
        }
    }
}
