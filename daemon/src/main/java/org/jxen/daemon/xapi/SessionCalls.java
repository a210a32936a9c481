package org.jxen.daemon.xapi;

import java.util.List;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.rpc.Sessions;

/** {@code session.*}: login, logout, and what clients ask of a session besides its fields. */
public final class SessionCalls {
    private SessionCalls() {
    }

    public static void register(Handlers handlers, Sessions sessions) {
        handlers.on("session.login_with_password", call -> sessions.login((String) call.arg(0), (String) call.arg(1),
                call.args().size() > 3 ? (String) call.arg(3) : "", call.origin()));
        // XAPI's emergency login on a pool member; jxend's one host is its own master, so it is the same login
        handlers.on("session.slave_local_login_with_password", call -> sessions.login((String) call.arg(0),
                (String) call.arg(1), "", call.origin()));
        handlers.on("session.logout", call -> {
            sessions.logout(call.session());
            return null;
        });
        handlers.on("session.local_logout", call -> {
            sessions.logout(call.session());
            return null;
        });
        handlers.on("session.change_password", call -> {
            sessions.changePassword(call.session(), (String) call.arg(0), (String) call.arg(1), call.origin());
            return null;
        });
        // jxend has only local users: no external authentication subjects (xo-lite's session probe).
        handlers.on("session.get_all_subject_identifiers", call -> List.of());
    }
}
