package org.jxen.daemon.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.jxen.api.ErrorCodes;
import org.jxen.api.RpcCall;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.ApiClass;
import org.jxen.api.model.DataModel;
import org.jxen.api.model.Message;
import org.jxen.api.model.Param;

/**
 * Turns a decoded call into a handler's work, checking what XAPI checks and in its order: the
 * method exists ({@code MESSAGE_METHOD_UNKNOWN}), the number of parameters
 * ({@code MESSAGE_PARAMETER_COUNT_MISMATCH}), the session ({@code SESSION_INVALID}), then each
 * argument's type. {@code Async.} calls return a task at once.
 */
public final class Dispatcher {
    public static final String LIST_METHODS = "system.listMethods";
    private static final String ASYNC = "Async.";

    /** A method jxend answers: its class, its message in the model and what runs it. */
    private record Target(String cls, Message message, Handler handler) {
    }

    private final Sessions sessions;
    private final AsyncTasks tasks;
    /** By wire name, {@code Async.} forms included: resolved once, not on every call. */
    private final Map<String, Target> targets = new HashMap<>();
    private final List<String> methods;

    public Dispatcher(DataModel model, Handlers handlers, Sessions sessions, AsyncTasks tasks) {
        this.sessions = sessions;
        this.tasks = tasks;
        for (String method : handlers.methods()) {
            int dot = method.indexOf('.');
            Optional<ApiClass> cls = model.find(method.substring(0, dot))
                    .filter(c -> c.name().equals(method.substring(0, dot)));
            Optional<Message> message = cls.flatMap(c -> c.message(method.substring(dot + 1)));
            if (message.isPresent()) {
                Target t = new Target(cls.get().name(), message.get(), handlers.find(method).orElseThrow());
                targets.put(method, t);
                if (t.message().async()) {
                    targets.put(ASYNC + method, t);
                }
            }
        }
        for (Handlers.Extension e : handlers.extensions()) {
            targets.put(e.cls() + "." + e.message().name(), new Target(e.cls(), e.message(), e.handler()));
        }
        List<String> all = new ArrayList<>(targets.keySet());
        all.add(LIST_METHODS);
        all.sort(null);
        this.methods = List.copyOf(all);
    }

    public Object dispatch(RpcCall rpc, Origin origin) throws XenApiFailure, InterruptedException {
        String method = rpc.method();
        if (method.equals(LIST_METHODS)) {
            return listMethods();
        }
        Target target = targets.get(method);
        if (target == null) {
            throw XenApiFailure.of(ErrorCodes.MESSAGE_METHOD_UNKNOWN, method);
        }
        Message m = target.message();
        List<Object> params = rpc.params();
        int first = m.takesSession() ? 1 : 0;
        int required = first + m.requiredParams();
        int all = first + m.params().size();
        if (params.size() < required || params.size() > all) {
            throw XenApiFailure.of(ErrorCodes.MESSAGE_PARAMETER_COUNT_MISMATCH, method, required, params.size());
        }
        String session = null;
        if (m.takesSession()) {
            session = params.getFirst() instanceof String s ? s : String.valueOf(params.getFirst());
            sessions.check(session);
        }
        List<Object> args = new ArrayList<>(m.params().size());
        for (int i = 0; i < m.params().size(); i++) {
            Param p = m.params().get(i);
            int at = first + i;
            args.add(at < params.size() ? p.type().coerce(params.get(at), p.name()) : p.defaultValue());
        }
        Call call = new Call(target.cls(), m, args, session, origin);
        return method.startsWith(ASYNC) ? tasks.submit(call, target.handler()) : target.handler().handle(call);
    }

    /** Every method jxend answers, with the {@code Async.} form of each async one, sorted. */
    public List<String> listMethods() {
        return methods;
    }
}
