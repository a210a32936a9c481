package org.jxen.daemon.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Origin;
import org.jxen.daemon.rpc.Sessions;

/**
 * Who is calling an HTTP endpoint beside RPC, as XAPI's handlers decide it: a {@code session_id}
 * in the query or a cookie, else HTTP Basic credentials, which open a session for this request
 * alone.
 */
final class HttpAuth {
    /** The session a request runs in; {@code temporary} ones end with the request. */
    record Caller(String session, boolean temporary) {
    }

    private final Sessions sessions;

    HttpAuth(Sessions sessions) {
        this.sessions = sessions;
    }

    static Origin origin(Request request) {
        return request.getConnectionMetaData().getConnector() instanceof UnixDomainServerConnector
                ? Origin.UNIX_SOCKET : new Origin(false, Request.getRemoteAddr(request));
    }

    /** The caller, or null when the request carries no credentials at all. */
    Caller caller(Request request, Fields query) throws XenApiFailure, InterruptedException {
        String session = query.getValue("session_id");
        if (session == null) {
            for (HttpCookie cookie : Request.getCookies(request)) {
                if (cookie.getName().equals("session_id")) {
                    session = cookie.getValue();
                }
            }
        }
        if (session != null) {
            sessions.check(session);
            return new Caller(session, false);
        }
        String basic = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            String user = colon < 0 ? pair : pair.substring(0, colon);
            String password = colon < 0 ? "" : pair.substring(colon + 1);
            return new Caller(sessions.login(user, password, "HTTP Basic", origin(request)), true);
        }
        return null;
    }

    /** Answers 401 with XAPI's Basic challenge, for a request that carries no credentials. */
    static void challenge(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"xapi\"");
        Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401,
                "give session_id in the query or a cookie, or HTTP Basic credentials");
    }

    void done(Caller caller) throws XenApiFailure {
        if (caller != null && caller.temporary()) {
            sessions.logout(caller.session());
        }
    }
}
