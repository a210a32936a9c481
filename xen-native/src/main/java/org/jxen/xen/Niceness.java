package org.jxen.xen;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The calling thread's Linux scheduling priority (Linux keeps the nice value per thread). */
public final class Niceness {
    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;

    private Niceness() {
    }

    /**
     * Lets the calling thread run only on CPU time nothing else wants (nice 19): for background
     * work that must not slow the daemon's requests on a small dom0.
     *
     * @throws XenCallException with errno if Linux refuses
     */
    public static void lowest() {
        MethodHandle setpriority = NativeLibrary.libc().function("setpriority",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        MemorySegment state = NativeLibrary.callState();
        int rc;
        try {
            rc = (int) setpriority.invokeExact(state, PRIO_PROCESS, 0, LOWEST); // who 0: this thread
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        if (rc != 0) {
            throw NativeLibrary.failure("setpriority", state);
        }
    }
}
