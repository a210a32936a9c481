package org.jxen.daemon.rpc;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.XmlRpc;
import org.jxen.daemon.state.ObjectStore;

/**
 * {@code Async.*} calls: each gets a {@code task} object at once and runs on a virtual thread;
 * the task ends as XAPI's do: {@code success} with the result as an XML-RPC value string (even
 * for JSON-RPC clients, as XAPI sends it), or {@code failure} with the error description.
 * {@code task.cancel} marks a pending task (XAPI's {@code cancel} in its current operations); work
 * that can stop (the HTTP transfers, {@link #cancelling}) then ends it {@code cancelled} with
 * {@code TASK_CANCELLED}, and work that cannot stop half way (a toolstack operation) runs to its
 * end, as XAPI's do where they have no point to stop at.
 */
public final class AsyncTasks {
    private static final Logger LOG = Logger.getLogger(AsyncTasks.class.getName());

    private final ObjectStore store;
    private final String hostRef;
    private final Clock clock;
    private final TaskReaper reaper;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    public AsyncTasks(ObjectStore store, String hostRef, Clock clock) {
        this.store = store;
        this.hostRef = hostRef;
        this.clock = clock;
        this.reaper = new TaskReaper(store, clock);
    }

    /** A new pending task, as {@code task.create} and async calls make them; old finished ones go first. */
    public String create(String label, String description) throws XenApiFailure {
        reaper.now();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name_label", label);
        fields.put("name_description", description);
        fields.put("status", "pending");
        fields.put("created", clock.instant());
        fields.put("resident_on", hostRef);
        fields.put("allowed_operations", List.of("cancel"));
        return store.create("task", fields);
    }

    public String submit(Call call, Handler handler) throws XenApiFailure {
        String task = create("Async." + call.method(), "");
        Thread.ofVirtual().name(call.method() + " " + task).start(() -> run(task, call, handler));
        return task;
    }

    private void run(String task, Call call, Handler handler) {
        try {
            Object result = handler.handle(call);
            succeed(task, result);
        } catch (XenApiFailure failure) {
            fail(task, failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(task, XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "jxend is stopping"));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, call.method() + " failed unexpectedly", e);
            fail(task, XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, String.valueOf(e)));
        }
    }

    /** Asks a pending task's work to stop; nothing for a finished one. */
    public void cancel(String task) throws XenApiFailure {
        store.atomically(() -> {
            if ("pending".equals(store.field("task", task, "status"))) {
                store.set("task", task, "current_operations", Map.of("OpaqueRef:" + UUID.randomUUID(), "cancel"));
                cancelled.add(task);
            }
            return null;
        });
    }

    /** Whether {@code task} (null: none) was asked to stop: what work that can stop checks as it goes. */
    public boolean cancelling(String task) {
        return task != null && cancelled.contains(task);
    }

    /** For work that stops where its task is cancelled: {@code cancelled} if it was, else {@link #fail}. */
    public void failOrCancel(String task, XenApiFailure failure) {
        fail(task, cancelling(task) ? XenApiFailure.of(ErrorCodes.TASK_CANCELLED, task) : failure);
    }

    /** Ends {@code task} with {@code result} (null for void). */
    public void succeed(String task, Object result) {
        finish(task, Map.of("status", "success", "progress", 1.0, "finished", clock.instant(),
                "result", XmlRpc.valueToString(result == null ? "" : result)));
    }

    public void fail(String task, XenApiFailure failure) {
        String status = failure.code().equals(ErrorCodes.TASK_CANCELLED) ? "cancelled" : "failure";
        finish(task, Map.of("status", status, "progress", 1.0, "finished", clock.instant(),
                "error_info", failure.description()));
    }

    private void finish(String task, Map<String, Object> fields) {
        cancelled.remove(task);
        Map<String, Object> ended = new LinkedHashMap<>(fields);
        ended.put("current_operations", Map.of());
        ended.put("allowed_operations", List.of());
        try {
            store.set("task", task, ended);
        } catch (XenApiFailure gone) {
            LOG.fine("task " + task + " was destroyed before it finished");
        }
    }
}
