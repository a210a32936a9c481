package org.jxen.daemon.xapi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/**
 * One operation at a time per VM, as XAPI serialises them: a second one while the first runs is
 * refused with {@code OTHER_OPERATION_IN_PROGRESS [VM, ref, operation, ...]} rather than queued
 * behind it, so a client sees at once why it cannot act.
 */
final class VmLocks {
    private final Map<String, String> running = new ConcurrentHashMap<>();

    /** What runs under a VM's lock. */
    @FunctionalInterface
    interface Operation<T> {
        T run() throws XenApiFailure, InterruptedException;
    }

    <T> T with(String vm, String operation, Operation<T> work) throws XenApiFailure, InterruptedException {
        String other = running.putIfAbsent(vm, operation);
        if (other != null) {
            throw busy(vm, other);
        }
        try {
            return work.run();
        } finally {
            running.remove(vm);
        }
    }

    /** The operation running on {@code vm} now, or null. */
    String operation(String vm) {
        return running.get(vm);
    }

    /** {@code OTHER_OPERATION_IN_PROGRESS} if an operation runs on {@code vm} now. */
    void requireIdle(String vm) throws XenApiFailure {
        String other = running.get(vm);
        if (other != null) {
            throw busy(vm, other);
        }
    }

    private static XenApiFailure busy(String vm, String operation) {
        return XenApiFailure.of(ErrorCodes.OTHER_OPERATION_IN_PROGRESS, "VM", vm, operation, "OpaqueRef:NULL");
    }
}
