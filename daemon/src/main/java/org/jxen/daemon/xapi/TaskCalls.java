package org.jxen.daemon.xapi;

import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.AsyncTasks;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * {@code task.*}: tasks clients make for HTTP transfers and follow (XO sets their status and
 * progress itself); the ones async calls make run to the end: jxend cannot stop a toolstack
 * operation half way, so {@code cancel} is refused as XAPI refuses it for tasks that cannot be.
 */
public final class TaskCalls {
    private TaskCalls() {
    }

    public static void register(Handlers handlers, ObjectStore store, AsyncTasks tasks) {
        handlers.on("task.create", call -> tasks.create((String) call.arg(0), (String) call.arg(1)));
        handlers.on("task.destroy", call -> {
            store.destroy("task", call.ref(0));
            return null;
        });
        handlers.on("task.cancel", call -> {
            store.record("task", call.ref(0));
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "jxend's tasks run to the end once started");
        });
        handlers.on("task.set_status", call -> {
            store.set("task", call.ref(0), "status", call.arg(1));
            return null;
        });
        handlers.on("task.set_progress", call -> {
            store.set("task", call.ref(0), "progress", call.arg(1));
            return null;
        });
    }
}
