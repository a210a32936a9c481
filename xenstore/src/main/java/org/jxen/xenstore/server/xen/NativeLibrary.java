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

    /** Calls a handle whose C function returns an int, turning Throwable into a plain exception. */
    static int callInt(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
    }

    static MemorySegment callPointer(MethodHandle h, Object... args) {
        try {
            return (MemorySegment) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
    }
}
