package org.jxen.xenstore.server.xen;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** One of Xen's C libraries (or libc), loaded through the FFM API, with errors that say what to install. */
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String soname;
    private final SymbolLookup symbols;

    private NativeLibrary(String soname, SymbolLookup symbols) {
        this.soname = soname;
        this.symbols = symbols;
    }

    /**
     * @param debianPackage named in the error when the library is missing
     */
    static NativeLibrary load(String soname, String debianPackage) {
        try {
            return new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new XenUnavailableException(soname + " not found: install Debian package " + debianPackage);
        }
    }

    static NativeLibrary libc() {
        return new NativeLibrary("libc", LINKER.defaultLookup());
    }

    MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment address = symbols.find(name)
                .orElseThrow(() -> new XenUnavailableException(soname + " has no function " + name));
        return LINKER.downcallHandle(address, descriptor);
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
        MemorySegment h;
        try {
            h = (MemorySegment) open.invokeExact(MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw failed(t);
        }
        if (h.equals(MemorySegment.NULL)) {
            throw new XenUnavailableException(unavailable);
        }
        return h;
    }

    /** Calls a library's {@code xxx_close(handle)}; there is nothing to do about a failed close. */
    static void closeHandle(MethodHandle close, MemorySegment handle) {
        try {
            int unused = (int) close.invokeExact(handle);
        } catch (Throwable t) {
            throw failed(t);
        }
    }
}
