package org.jxen.daemon.xapi;

import java.util.logging.Logger;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.toolstack.ToolstackException;

/**
 * A toolstack failure as the XenAPI error a client of XAPI would get for it, keeping the toolstack's
 * words; where XAPI's error has no room for them, jxend's log has them.
 */
final class VmFailures {
    private static final Logger LOG = Logger.getLogger(VmFailures.class.getName());

    private VmFailures() {
    }

    static XenApiFailure of(ToolstackException e, String vm) {
        LOG.info("VM " + vm + ": " + e.kind() + ": " + e.getMessage());
        return switch (e.kind()) {
            case NO_MEMORY -> XenApiFailure.of(ErrorCodes.HOST_NOT_ENOUGH_FREE_MEMORY, e.getMessage(), vm);
            case NO_SUCH_DOMAIN -> XenApiFailure.of(ErrorCodes.VM_BAD_POWER_STATE, vm, "running", "halted");
            case DUPLICATE_NAME -> XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, e.getMessage()
                    + " (domains on one host need different names: rename one of the VMs)");
            case DEVICE_EXISTS -> XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_ATTACHED, e.getMessage());
            case NO_SUCH_DEVICE -> XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_DETACHED, e.getMessage());
            case INVALID, BAD_IMAGE -> XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "VM", vm, e.getMessage());
            case UNACKNOWLEDGED -> XenApiFailure.of(ErrorCodes.VM_FAILED_SHUTDOWN_ACKNOWLEDGMENT, vm);
            case TIMEOUT, FAILED -> XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, e.getMessage());
        };
    }
}
