package org.jxen.api.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxen.api.ErrorCodes;
import org.jxen.api.JsonRpc;
import org.jxen.api.RpcCall;
import org.jxen.api.RpcParseException;
import org.jxen.api.XenApiFailure;

/**
 * The XenAPI behind the test servers, on jxen's own server-side codec: login (password "secret"),
 * logout, {@code VM.get_all} and {@code echo} with a session, everything else unknown. Records
 * every call.
 */
final class FakeXenApi {
    final List<RpcCall> calls = new CopyOnWriteArrayList<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger logins = new AtomicInteger();

    byte[] handle(byte[] body) throws RpcParseException {
        JsonRpc.Request request = JsonRpc.readRequest(body);
        calls.add(request.call());
        try {
            return JsonRpc.writeSuccess(request, dispatch(request.call()));
        } catch (XenApiFailure failure) {
            return JsonRpc.writeFailure(request, failure);
        }
    }

    /** Every session ends, as when the server restarts. */
    void forgetSessions() {
        sessions.clear();
    }

    private Object dispatch(RpcCall call) throws XenApiFailure {
        List<Object> params = call.params();
        return switch (call.method()) {
            case "session.login_with_password" -> {
                if (!"secret".equals(params.get(1))) {
                    throw XenApiFailure.of(ErrorCodes.SESSION_AUTHENTICATION_FAILED, params.get(0), "Authentication failure");
                }
                String session = "OpaqueRef:session-" + logins.incrementAndGet();
                sessions.add(session);
                yield session;
            }
            case "session.logout" -> {
                if (!sessions.remove(session(params))) {
                    throw XenApiFailure.of(ErrorCodes.SESSION_INVALID, params.getFirst());
                }
                yield "";
            }
            case "VM.get_all" -> {
                session(params);
                yield List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2");
            }
            case "echo" -> {
                session(params);
                yield params.subList(1, params.size());
            }
            default -> throw XenApiFailure.of(ErrorCodes.MESSAGE_METHOD_UNKNOWN, call.method());
        };
    }

    private String session(List<Object> params) throws XenApiFailure {
        Object session = params.isEmpty() ? null : params.getFirst();
        if (!(session instanceof String s) || !sessions.contains(s)) {
            throw XenApiFailure.of(ErrorCodes.SESSION_INVALID, String.valueOf(session));
        }
        return s;
    }
}
