package org.jxen.daemon.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.metrics.Rrds;

/**
 * {@code GET /rrd_updates}: the recorded metrics since {@code start} as rrdtool's {@code xport},
 * in XML or ({@code json=true}) JSON, as XAPI's rrdd answers it: legend entries
 * {@code AVERAGE:host:UUID:cpu0} and {@code AVERAGE:vm:UUID:memory}, rows newest first, values
 * printed as {@code %0.5g} ({@code 0.0} for zero, {@code NaN} for no reading) and, in JSON,
 * as strings. {@code host=true} adds the host's sources; {@code uuid} keeps one VM's.
 */
public final class RrdUpdatesHandler extends Handler.Abstract {
    private final Rrds rrds;
    private final HttpAuth auth;

    public RrdUpdatesHandler(Rrds rrds, org.jxen.daemon.rpc.Sessions sessions) {
        this.rrds = rrds;
        this.auth = new HttpAuth(sessions);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!request.getMethod().equals("GET") || !Request.getPathInContext(request).equals("/rrd_updates")) {
            return false;
        }
        Fields query = Request.extractQueryParameters(request);
        HttpAuth.Caller caller;
        try {
            caller = auth.caller(request, query);
        } catch (XenApiFailure f) {
            Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401, f.getMessage());
            return true;
        }
        if (caller == null) {
            HttpAuth.challenge(request, response, callback);
            return true;
        }
        try {
            long start;
            long interval;
            try {
                start = Long.parseLong(orDefault(query, "start", "0"));
                interval = Long.parseLong(orDefault(query, "interval", Integer.toString(Rrds.STEP_SECONDS)));
            } catch (NumberFormatException e) {
                Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                        "start and interval are whole numbers of seconds: " + e.getMessage());
                return true;
            }
            String cf = orDefault(query, "cf", "AVERAGE");
            if (!cf.equals("AVERAGE")) {
                Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                        "jxend records AVERAGE archives only, not " + cf);
                return true;
            }
            boolean host = "true".equals(query.getValue("host"));
            String vm = query.getValue("uuid");
            Rrds.Export export = rrds.export(start, interval, owner -> owner.startsWith("host:") ? host
                    : vm == null || owner.equals("vm:" + vm));
            boolean json = "true".equals(query.getValue("json"));
            String body = json ? XportText.json(export) : XportText.xml(export);
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, json ? "application/json" : "text/xml");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        } finally {
            auth.done(caller);
        }
    }

    private static String orDefault(Fields query, String name, String otherwise) {
        String v = query.getValue(name);
        return v == null ? otherwise : v;
    }
}
