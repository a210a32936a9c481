package org.jxen.daemon.xapi;

import org.jxen.daemon.rpc.AsyncTasks;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * {@code task.*}: tasks clients make for HTTP transfers and follow (XO sets their status and
 * progress itself), and those async calls make. {@code cancel} stops a transfer; an async call's
 * toolstack operation cannot stop half way and runs to its end ({@link AsyncTasks}).
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
            tasks.cancel(call.ref(0));
            return null;
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
