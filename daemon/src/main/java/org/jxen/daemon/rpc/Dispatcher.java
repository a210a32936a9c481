package org.jxen.daemon.rpc;

import java.util.ArrayList;
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

    private final DataModel model;
    private final Handlers handlers;
    private final Sessions sessions;
    private final AsyncTasks tasks;

    public Dispatcher(DataModel model, Handlers handlers, Sessions sessions, AsyncTasks tasks) {
        this.model = model;
        this.handlers = handlers;
        this.sessions = sessions;
        this.tasks = tasks;
    }

    public Object dispatch(RpcCall rpc, Origin origin) throws XenApiFailure, InterruptedException {
        String method = rpc.method();
        if (method.equals(LIST_METHODS)) {
            return listMethods();
        }
        boolean async = method.startsWith(ASYNC);
        String name = async ? method.substring(ASYNC.length()) : method;
        int dot = name.indexOf('.');
        ApiClass cls = dot < 0 ? null : model.find(name.substring(0, dot))
                .filter(c -> c.name().equals(name.substring(0, dot))).orElse(null);
        Optional<Message> message = cls == null ? Optional.empty() : cls.message(name.substring(dot + 1));
        Optional<Handler> handler = handlers.find(name);
        if (message.isEmpty() || handler.isEmpty() || async && !message.get().async()) {
            throw XenApiFailure.of(ErrorCodes.MESSAGE_METHOD_UNKNOWN, method);
        }
        Message m = message.get();
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
        Call call = new Call(cls.name(), m, args, session, origin);
        return async ? tasks.submit(call, handler.get()) : handler.get().handle(call);
    }

    /** Every method jxend answers, with the {@code Async.} form of each async one, sorted. */
    public List<String> listMethods() {
        List<String> all = new ArrayList<>();
        all.add(LIST_METHODS);
        for (String method : handlers.methods()) {
            all.add(method);
            int dot = method.indexOf('.');
            boolean async = model.find(method.substring(0, dot))
                    .flatMap(c -> c.message(method.substring(dot + 1))).map(Message::async).orElse(false);
            if (async) {
                all.add(ASYNC + method);
            }
        }
        all.sort(null);
        return all;
    }
}
