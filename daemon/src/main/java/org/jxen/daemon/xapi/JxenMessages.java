package org.jxen.daemon.xapi;

import java.util.List;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.Message;
import org.jxen.api.model.Param;
import org.jxen.api.model.Type;
import org.jxen.daemon.rpc.Handler;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.toolstack.ToolstackException;

/**
 * Registers jxend's own calls in the {@code jxen} namespace (the ones XenAPI has no message for:
 * what xl shows and does by domain ID), each taking the session first, as every XenAPI call does.
 */
final class JxenMessages {
    static final Type STRING = new Type.StringType();
    static final Type INT = new Type.IntType();
    static final Type BOOL = new Type.BoolType();
    static final Type INT_SET = new Type.SetType(INT);
    static final Type ANY = new Type.MapType(STRING, STRING);
    static final Param DOMID = new Param("domid", INT, null);

    private final Handlers handlers;

    JxenMessages(Handlers handlers) {
        this.handlers = handlers;
    }

    /** {@code jxen.NAME(session, params...)} answered by {@code handler}; {@code result} null for none. */
    void on(String name, Type result, Handler handler, Param... params) {
        handlers.extend("jxen", new Message(name, List.of(params), result, false, true), handler);
    }

    static Param param(String name, Type type) {
        return new Param(name, type, null);
    }

    /**
     * A toolstack failure on a domain as a XenAPI error, the toolstack's words (xl's, where xl has
     * them) its last parameter: {@code HANDLE_INVALID [domain, DOMID]} for a domain that does not
     * exist, otherwise the code a VM call would get.
     */
    static XenApiFailure failure(ToolstackException e, int domid) {
        String why = e.getMessage();
        return switch (e.kind()) {
            case NO_SUCH_DOMAIN -> XenApiFailure.of(ErrorCodes.HANDLE_INVALID, "domain", domid);
            case NO_MEMORY -> XenApiFailure.of(ErrorCodes.HOST_NOT_ENOUGH_FREE_MEMORY, why);
            case DUPLICATE_NAME -> XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, why);
            case DEVICE_EXISTS -> XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_ATTACHED, why);
            case NO_SUCH_DEVICE -> XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_DETACHED, why);
            case INVALID, BAD_IMAGE -> XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "domain", domid, why);
            case UNACKNOWLEDGED -> XenApiFailure.of(ErrorCodes.VM_FAILED_SHUTDOWN_ACKNOWLEDGMENT, "domain " + domid, why);
            case TIMEOUT, FAILED -> XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, why);
        };
    }
}
